"""« Données personnelles »: retention (erase, anonymise) and the right of access."""

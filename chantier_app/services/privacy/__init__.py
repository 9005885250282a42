"""Personal data (RGPD): retention and anonymisation, the right of access."""

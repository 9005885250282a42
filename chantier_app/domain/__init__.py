"""Pure rules of the field: no Qt, no database. Where the law lives."""

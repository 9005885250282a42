"""Use cases: each takes a Session and the acting staff member, applies domain rules, writes rows."""

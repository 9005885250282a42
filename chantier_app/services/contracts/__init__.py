"""Contracts: hire, renew, change the working time, suspend, end with an exit, move to CDDI, and what screens show of them."""

"""Hours: the monthly grid, sign-in sheets day by day, imports, FTE against the convention, the State's monthly statement."""

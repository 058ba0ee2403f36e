"""Statistics: the dashboard's numbers and the CSV downloads."""

"""Reading catalogs: YAML with marks, validation into a report, and an index over the result."""

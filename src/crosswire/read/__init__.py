"""Per-article readers, one module per fact kind; each takes the data model in and gives it out."""

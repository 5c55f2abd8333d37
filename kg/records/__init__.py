"""Records: the record model (entities, sources, statements), their checks, the loaders."""

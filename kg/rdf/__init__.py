"""RDF: the closed vocabulary, records → quads, the TriG writer."""

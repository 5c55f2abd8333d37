"""Queries over a store: SPARQL with bound parameters, canned questions, frames, lookups."""

"""Unit tests of the built-in rules, one module per rule category, on pairs of sentences."""

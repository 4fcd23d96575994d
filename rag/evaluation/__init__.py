"""Evaluation harness: the gold set, scoring answers and citations against it."""

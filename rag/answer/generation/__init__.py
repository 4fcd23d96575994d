"""Generators: turn numbered sources and a question into answer text with `[n]` markers."""

"""A multilingual retrieval-augmented question-answering assistant with verified citations."""

__version__ = "0.1.0"

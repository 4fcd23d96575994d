"""A corpus of documents carrying planted instructions, for testing that none reaches an answer."""

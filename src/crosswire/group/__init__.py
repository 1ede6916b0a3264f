"""Grouping across articles: embeddings back-ends and story/thread clustering."""

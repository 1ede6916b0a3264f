"""Read models under ``api``: what each page, report, export and CLI table shows, read from a ``Store``.

One module per view (story, article, entity, thread, search, exports), plus the shared helpers the pages and
reports both use (``fmt``, ``highlight``, ``charts``). Views take the store as an argument, read only what they
show through its query methods (no SQL here), and return plain dicts.
"""

"""The local web app (FastAPI + Jinja2 + HTMX): stories, sources side by side, evidence, JSON API."""

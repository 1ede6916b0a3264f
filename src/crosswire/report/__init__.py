"""Static reports (HTML, Markdown, JSON) of stories and CSV exports of claims and events."""

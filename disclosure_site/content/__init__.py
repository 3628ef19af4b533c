"""Model + history -> page content (HTML fragments through Jinja templates), outputs, change log, URLs, the page plan."""

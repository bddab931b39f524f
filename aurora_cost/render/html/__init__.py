"""`--format html`: one self-contained page per document (Jinja2 templates, inline SVG)."""

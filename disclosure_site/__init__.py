"""Plain-Python core of the disclosure site: load, validate, model, render.

Only `main.py` (the macros plugin entry) and `pages.py` (the MkDocs hook) know MkDocs;
everything else takes data and returns data or text, so that the engine can change.
"""

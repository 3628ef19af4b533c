"""The engine glue: the only code that knows MkDocs (its hooks and the macros plugin's entry)."""

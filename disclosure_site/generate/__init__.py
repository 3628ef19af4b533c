"""The pages as Markdown with front matter, the outputs and the engine's nav and config, written to one
folder before any engine runs (generated/, git-ignored): the engine only renders it."""

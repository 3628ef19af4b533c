"""The disclosure site generator: data/ (YAML) -> checked model -> pages as Markdown -> the engine's site.

Layers, each importing only the ones before it (tests/test_architecture.py checks this):
read -> model -> check -> history -> content -> generate -> engine -> post; importer/ uses
read, model and check only. Only engine/ knows MkDocs; everything else takes data and returns
data or text, so that the engine can change.
"""

"""The few places the project reads from, in one spot.

The project is the folder a command runs in (make runs every command from the top of the
repository): it holds mkdocs.yml, data/, docs/ and overrides/. The package's own files (the
schemas) are found beside its code, wherever it is installed.
"""
from pathlib import Path

ROOT = Path.cwd().resolve()
DATA_DIR = ROOT / "data"
SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
CONTENT_TEMPLATES_DIR = ROOT / "overrides" / "content"

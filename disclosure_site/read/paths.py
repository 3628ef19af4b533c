"""The few places the project reads from, in one spot."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
CONTENT_TEMPLATES_DIR = ROOT / "overrides" / "content"

"""The one error the importer raises: a refusal an editor can act on."""
from __future__ import annotations


class ImportRefused(Exception):
    """A plain-Chinese reason for writing nothing; printed as is, never as a traceback."""

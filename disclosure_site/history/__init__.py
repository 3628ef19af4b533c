"""The public change history of every data file, read from git once per build."""

"""Reading files: YAML data files kept with their lines, the kinds of file and their schemas, git blobs, errors."""

"""Every check before anything is built: each file against its schema, the rules across files, the
site's identity and the published record, run in order by run.check_all (`python -m disclosure_site.check`)."""

"""The import service: CSV templates, import jobs (validate, dry run, import) and their reports."""

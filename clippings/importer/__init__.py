"""The importer: inputs (text dumps, WXR, feeds, HTML pages) to Markdown files in content/."""

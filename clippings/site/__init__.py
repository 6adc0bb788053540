"""The site stage: Pelican build runner, settings check, site check, compat layer."""

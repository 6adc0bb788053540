"""The archive's Pelican theme, shipped as package data of `clippings.theme`."""

"""Atom feeds, the sitemap, robots.txt and structured data for crawlers and feed readers."""

"""Import and export: Letterboxd CSV, WordPress WXR, and the 'download my data' archive."""

"""Data shipped with the package (mapped in from the top-level vocab/ and genres/ folders)."""

"""Genre profile data files."""

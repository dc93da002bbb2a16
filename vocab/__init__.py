"""Vocabulary data files (see NOTICE.md for the NGSL attribution)."""

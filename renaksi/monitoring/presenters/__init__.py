"""Presentation shapes for the monitoring pages (no queries of their own)."""

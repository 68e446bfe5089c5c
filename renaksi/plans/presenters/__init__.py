"""Presentation shapes for the plan pages and documents (no queries of their own)."""

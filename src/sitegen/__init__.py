"""Data-driven pages, charts and citations for the Okamoto (2022) explainer site."""

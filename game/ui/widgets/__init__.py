"""Widgets grouped by the part of the screen they belong to: meters, choices, story, chart."""

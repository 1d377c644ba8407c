"""Runs: the history of finished runs and their overlays on the plots."""

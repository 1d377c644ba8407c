"""Runs: the run history of every session (engine.runs), recorded, browsed and overlaid."""

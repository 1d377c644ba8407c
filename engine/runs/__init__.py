"""The run history: every run, kept in a SQLite database in the user's data folder (issue #16)."""

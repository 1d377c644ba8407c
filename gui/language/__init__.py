"""View › Language: English or 中文, switched live and remembered."""

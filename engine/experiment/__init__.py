"""The experiment spec (dataclasses <-> JSON) and the named presets every front end reads."""

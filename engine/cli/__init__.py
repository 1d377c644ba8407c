"""The command line: `python main.py train|predict`."""

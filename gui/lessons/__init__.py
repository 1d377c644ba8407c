"""Lessons: the menu and the banner that walks a lesson step by step."""

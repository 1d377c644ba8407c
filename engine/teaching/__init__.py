"""Teaching: the lessons and the checks of their expected outcomes."""

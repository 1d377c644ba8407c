"""Models: one interface (`api`), NumPy and Keras implementations, and a registry."""

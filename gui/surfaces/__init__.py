"""Optimizers on a loss surface: the engine's optimizers walking 2-D functions, drawn live."""

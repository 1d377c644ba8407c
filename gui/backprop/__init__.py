"""Backprop on one weight: the chain rule for a chosen weight or bias, with its numbers."""

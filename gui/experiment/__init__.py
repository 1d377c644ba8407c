"""Editing the experiment: data, network designer, hyperparameters and presets."""

"""Drawn digits: MNIST-style preprocessing, the shipped digit CNN and the predictors."""

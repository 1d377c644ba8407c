"""Data sets: the 2-D toy problems, CSV points, MNIST, and the input features."""

"""One neuron by hand: w·x + b through an activation, every step with its numbers."""

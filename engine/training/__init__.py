"""Training: the step-wise trainer, its control, the one loop, history and evaluation."""

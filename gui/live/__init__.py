"""Live views: loss and accuracy plots and the decision boundary."""

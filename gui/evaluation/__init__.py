"""Evaluation: the test-set confusion matrix and misclassified examples."""

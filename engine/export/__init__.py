"""The experiment as a Python script a learner can read and run: plain Keras 3, or NumPy with
the forward pass, backprop and the optimiser written out (see `engine.export.script`)."""

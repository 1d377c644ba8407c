"""Draw a digit: the canvas and the prediction panel."""

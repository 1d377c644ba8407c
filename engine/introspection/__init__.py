"""Looking inside a model: snapshots, histograms, mosaics, activations and thumbnails."""

"""Inside the network: histograms, weight mosaics, feature maps and activations."""

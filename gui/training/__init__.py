"""The training bridge: session, worker, its threads, and the background Keras loader."""

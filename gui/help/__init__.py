"""Help: What's this?, About, and the explanation of every control."""

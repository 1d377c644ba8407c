"""The errors of reading data files, at the bottom of engine.data so that every reader (MNIST's,
CIFAR-10's, an image folder's) and the modules that choose between them can raise and catch
them without importing each other."""

from __future__ import annotations


class ImageSetError(ValueError):
    """An image set could not be found or read; the message (an engine Text) names the file
    or folder and says how to fix it. MNIST's MnistError is one."""


class LoadCancelled(Exception):
    """The caller asked a running load to stop (a `cancelled()` callback returned True)."""

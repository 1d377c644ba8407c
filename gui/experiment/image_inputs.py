"""What the network receives from the image set in use: the picture shape and the classes.

The published sets have both fixed (`engine.data.image_sets`: MNIST and Fashion-MNIST
28×28×1, CIFAR-10 32×32×3, ten classes each). A folder of the user's own pictures has them from
its last scan: its sub-folders are the classes, and its pictures reach the network resized to
image_size × image_size (0: the size the scan inferred), in one channel (grayscale) or three
(colour; "auto": what the scan found). The Data panel records each scan here; the network
designer and the checks before a build ask.
"""

from __future__ import annotations

from typing import Any

from engine.data.image_sets import image_set
from engine.experiment.spec import DataSpec


def folder_input_shape(scan: Any, image_size: int, color_mode: str) -> tuple[int, int, int]:
    """(height, width, channels) of a scanned folder's pictures as the network receives them."""
    h, w = (image_size, image_size) if image_size else tuple(scan.size)
    channels = {"grayscale": 1, "rgb": 3}.get(color_mode, int(scan.channels))
    return int(h), int(w), channels


class ImageInputs:
    """The folder scans seen in this window, and the input each image set gives a network."""

    def __init__(self) -> None:
        self._scans: dict[str, Any] = {}  # folder path -> its FolderScan

    def remember(self, path: str, scan: Any) -> None:
        self._scans[path] = scan

    def scan_of(self, path: str | None) -> Any:
        """The last scan of folder `path` (None: not scanned in this window)."""
        return self._scans.get(path or "")

    def input_shape(self, data: DataSpec) -> tuple[int, int, int] | None:
        """(h, w, c) the network reads; None for 2-D points and a folder not scanned yet."""
        if not data.is_image:
            return None
        if data.name != "folder":
            return image_set(data.name).shape
        scan = self.scan_of(data.path)
        return None if scan is None else folder_input_shape(scan, data.image_size, data.color_mode)

    def class_count(self, data: DataSpec) -> int | None:
        """How many classes the network tells apart (None: a folder not scanned yet)."""
        if data.name != "folder":
            return len(image_set(data.name).class_names)
        scan = self.scan_of(data.path)
        return None if scan is None else len(scan.classes)

"""A folder of the user's own pictures, one sub-folder per class, read as
keras.utils.image_dataset_from_directory reads it: the class names are the sub-folders' names in
sorted order, a class's pictures are every .png, .jpg, .jpeg, .bmp or .gif file below its
sub-folder (nested folders too), and files directly in the top folder belong to no class.

Choices made here (each also stated in the messages and tooltips):
- Size: `image_size` N > 0 resizes every picture to N×N. With 0, N is the longer side of the
  most common picture size (the first found, in sorted file order, on a tie), at most
  AUTO_MAX_SIZE pixels, because every picture is held in memory as float32. Pictures are
  stretched to the square, not cropped (bilinear), as Keras's loader does by default.
- Colour: "grayscale" or "rgb" as asked; "auto" is rgb when any picture has colour (some pixel
  whose red, green and blue differ), else grayscale. Transparency is dropped.
- Skipped files are listed by name with the reason: not a picture type, empty, unreadable, or
  not inside a class sub-folder. Hidden files and folders (names starting with ".") are
  ignored silently, as a file manager hides them.
- The test set is a stratified share (`test_split`) of each class, drawn with the data seed;
  every class keeps at least one picture on each side.

Reading reports `progress(done, total)` and asks `cancelled()` between pictures, so a front end
can show a bar and stop a large folder (LoadCancelled).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from engine.data.errors import ImageSetError, LoadCancelled
from engine.experiment.spec import COLOR_MODES, DataSpec
from engine.messages import Text

EXTENSIONS = (".png", ".jpg", ".jpeg", ".bmp", ".gif")  # as image_dataset_from_directory
AUTO_MAX_SIZE = 64  # image_size 0: the most common size's longer side, capped here
MIN_PER_CLASS = 2  # one to train on and one to test

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
FolderArrays = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[str]]

# reasons a file is skipped (Texts, so a front end shows them translated)
NOT_A_PICTURE = Text("not a picture file ({extensions})", extensions=" ".join(EXTENSIONS))
EMPTY = Text("empty file")
NO_CLASS = Text("not in a class sub-folder")


@dataclass
class FolderScan:
    """What a folder holds, before anything is read into memory."""

    path: str
    classes: list[str]  # sorted sub-folder names: class i is classes[i]
    counts: dict[str, int]  # readable pictures per class
    skipped: list[tuple[str, str]]  # (file relative to the folder, why it was skipped)
    size: tuple[int, int]  # (height, width) every picture is resized to
    channels: int  # 1 grey, 3 colour
    files: list[tuple[str, int]] = field(default_factory=list)  # (relative file, class index)

    @property
    def n_images(self) -> int:
        return len(self.files)


def _visible(name: str) -> bool:
    return not name.startswith(".")


def _candidates(root: Path) -> tuple[list[str], list[tuple[str, int]], list[tuple[str, str]]]:
    """(classes, [(relative file, class)], skipped) from the folder's tree, in sorted order."""
    try:
        entries = sorted(root.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        raise ImageSetError(
            Text("cannot read the image folder {path}: {problem}", path=root, problem=exc)
        ) from None
    classes = [e.name for e in entries if e.is_dir() and _visible(e.name)]
    skipped = [(e.name, NO_CLASS) for e in entries if e.is_file() and _visible(e.name)]
    files: list[tuple[str, int]] = []
    for index, name in enumerate(classes):
        for folder, dirs, names in os.walk(root / name):
            dirs[:] = sorted(d for d in dirs if _visible(d))
            for file in sorted(n for n in names if _visible(n)):
                relative = (Path(folder) / file).relative_to(root).as_posix()
                if Path(file).suffix.lower() not in EXTENSIONS:
                    skipped.append((relative, NOT_A_PICTURE))
                else:
                    files.append((relative, index))
    return classes, files, skipped


def _open(path: Path):
    """The decoded picture (Pillow), or a Text saying why it cannot be used."""
    from PIL import Image, UnidentifiedImageError

    try:
        if path.stat().st_size == 0:
            return EMPTY
        image = Image.open(path)
        image.load()  # decode now: a truncated file fails here, not later
        return image
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError) as exc:
        return Text("unreadable: {problem}", problem=exc)


def _has_colour(image) -> bool:
    """True when some pixel's red, green and blue differ (a grey photo stored as RGB has none)."""
    if image.mode in ("1", "L", "LA", "I", "I;16", "F"):
        return False
    rgb = np.asarray(image.convert("RGB"))
    return bool((rgb[..., 0] != rgb[..., 1]).any() or (rgb[..., 1] != rgb[..., 2]).any())


def scan_image_folder(
    path: str | os.PathLike[str],
    image_size: int = 0,
    color_mode: str = "auto",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> FolderScan:
    """Check every file of the folder (each picture is decoded once) and decide the size and
    colour mode; refuses, with a message naming the folder and the fix, a folder that cannot
    make a training and a test set."""
    if color_mode not in COLOR_MODES:
        raise ValueError(f"color_mode must be one of {COLOR_MODES}, got {color_mode!r}")
    root = Path(path).expanduser()
    if not root.is_dir():
        raise ImageSetError(
            Text(
                "image folder {path} does not exist or is not a folder; choose a folder with one "
                "sub-folder of pictures per class (for example cats/ and dogs/)",
                path=root,
            )
        )
    classes, candidates, skipped = _candidates(root)
    if len(classes) < 2:
        raise ImageSetError(
            Text(
                "image folder {path} has {n} class sub-folder(s) ({names}); it needs at least 2: "
                "put each class's pictures in its own sub-folder, for example cats/ and dogs/",
                path=root,
                n=len(classes),
                names=", ".join(classes) or "none",
            )
        )
    sizes: Counter[tuple[int, int]] = Counter()
    colour = False
    files: list[tuple[str, int]] = []
    for done, (relative, index) in enumerate(candidates, start=1):
        if cancelled is not None and cancelled():
            raise LoadCancelled(str(root))
        opened = _open(root / relative)
        if isinstance(opened, Text):
            skipped.append((relative, opened))
        else:
            with opened:
                sizes[(opened.height, opened.width)] += 1
                if color_mode == "auto" and not colour:
                    colour = _has_colour(opened)
            files.append((relative, index))
        if progress is not None:
            progress(done, len(candidates))
    counts = {name: 0 for name in classes}
    for _, index in files:
        counts[classes[index]] += 1
    if not files:
        raise ImageSetError(
            Text(
                "image folder {path} has no readable pictures ({extensions}) in its class "
                "sub-folders ({skipped} file(s) skipped); add pictures to the sub-folders",
                path=root,
                extensions=" ".join(EXTENSIONS),
                skipped=len(skipped),
            )
        )
    empty = [name for name, n in counts.items() if n == 0]
    if empty:
        raise ImageSetError(
            Text(
                "image folder {path}: the class sub-folder(s) {names} hold no readable pictures "
                "({extensions}); add pictures to them or remove them",
                path=root,
                names=", ".join(empty),
                extensions=" ".join(EXTENSIONS),
            )
        )
    single = [name for name, n in counts.items() if n < MIN_PER_CLASS]
    if single:
        raise ImageSetError(
            Text(
                "image folder {path}: the class(es) {names} have only 1 readable picture; each "
                "class needs at least 2, one to train on and one to test",
                path=root,
                names=", ".join(single),
            )
        )
    if image_size:
        side = image_size
    else:
        height, width = sizes.most_common(1)[0][0]
        side = min(max(height, width), AUTO_MAX_SIZE)
    channels = {"grayscale": 1, "rgb": 3}.get(color_mode, 3 if colour else 1)
    return FolderScan(str(root), classes, counts, skipped, (side, side), channels, files)


def read_scanned(
    scan: FolderScan,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Every scanned picture resized to scan.size in scan.channels: (n, h, w, c) uint8 and the
    class indices (n,) int64, in file order."""
    from PIL import Image

    height, width = scan.size
    mode = "L" if scan.channels == 1 else "RGB"
    images = np.zeros((scan.n_images, height, width, scan.channels), np.uint8)
    labels = np.zeros(scan.n_images, np.int64)
    root = Path(scan.path)
    for i, (relative, index) in enumerate(scan.files):
        if cancelled is not None and cancelled():
            raise LoadCancelled(scan.path)
        try:
            with Image.open(root / relative) as image:
                picture = image.convert(mode).resize((width, height), Image.Resampling.BILINEAR)
        except (OSError, ValueError) as exc:  # changed on disk since the scan
            raise ImageSetError(
                Text(
                    "cannot read {file} in image folder {path}: {problem}",
                    file=relative,
                    path=root,
                    problem=exc,
                )
            ) from None
        images[i] = np.asarray(picture, np.uint8).reshape(height, width, scan.channels)
        labels[i] = index
        if progress is not None:
            progress(i + 1, scan.n_images)
    return images, labels


def stratified_split(
    labels: np.ndarray, test_split: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """(train indices, test indices): round(test_split × n) of each class's n pictures go to
    the test set (at least 1, and at least 1 left to train on), drawn with `seed`; both index
    lists are then shuffled so the classes are mixed."""
    rng = np.random.default_rng(seed)
    train, test = [], []
    for c in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == c))
        n_test = min(max(1, round(test_split * len(members))), len(members) - 1)
        test.append(members[:n_test])
        train.append(members[n_test:])
    return rng.permutation(np.concatenate(train)), rng.permutation(np.concatenate(test))


def load_image_folder(
    spec: DataSpec,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> tuple[FolderArrays, FolderScan]:
    """((x_train, y_train, x_test, y_test, class_names), scan) for a "folder" data spec.

    Images are uint8 (n, h, w, c); `progress(done, total)` counts the scan's pictures and then
    the reading's, so total is twice the number of candidate files.
    """
    candidates = [0]

    def scanning(done: int, total: int) -> None:
        candidates[0] = total
        if progress is not None:
            progress(done, 2 * total)

    def reading(done: int, total: int) -> None:
        if progress is not None:
            base = candidates[0] or total
            progress(base + round(done * base / max(total, 1)), 2 * base)

    scan = scan_image_folder(spec.path or "", spec.image_size, spec.color_mode, scanning, cancelled)
    images, labels = read_scanned(scan, reading, cancelled)
    train, test = stratified_split(labels, spec.test_split, spec.seed)
    arrays = (images[train], labels[train], images[test], labels[test], list(scan.classes))
    return arrays, scan

"""Train the shipped digit CNN (resources/digit_cnn.npz) on the real MNIST.

    python tools/train_digit_model.py [--mnist ../shared/data/mnist.npz] [--epochs 15]

Canvas drawings differ from MNIST in stroke width, antialiasing and slant, so each epoch sees
freshly augmented digits: a random affine map (rotation, scale, aspect, shear) rendered at 2x,
then, for most digits, a canvas-like stroke (soft threshold = crisp antialiased edges, with a
random level = thinner/thicker, plus random dilation or erosion), and finally the MNIST
normalisation the app itself applies (ink box -> 20 px, centre of mass at the centre). All of
it is batched numpy (no per-image Python loop). The weights are exported as plain arrays that
engine/digits/model.py runs without TensorFlow; a few reference outputs of Keras are stored for
the test that checks the NumPy path against Keras.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.digits.model import from_keras  # noqa: E402
from engine.digits.preprocess import BOX, CENTRE, SIZE  # noqa: E402

HI = 60  # augmentation canvas: 2x MNIST with a 1 px (MNIST) margin on each side
OUT_MODEL = ROOT / "resources" / "digit_cnn.npz"
OUT_REFERENCE = ROOT / "tests" / "data" / "digit_cnn_reference.npz"


# ----- augmentation ------------------------------------------------------------------------
def _affine_2x(x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Random affine copies of (B, 28, 28) float images, sampled bilinearly at 2x (B, 60, 60)."""
    b = len(x)
    angle = np.deg2rad(rng.uniform(-15, 15, b))
    scale = rng.uniform(0.85, 1.15, b)
    aspect = np.exp(rng.uniform(-0.15, 0.15, b))
    shear = rng.uniform(-0.25, 0.25, b)
    sx, sy = scale * aspect, scale / aspect
    cos, sin = np.cos(angle), np.sin(angle)
    # forward: rotation @ shear @ diag(sx, sy); sample through its inverse
    a = np.empty((b, 2, 2))
    a[:, 0, 0], a[:, 0, 1] = cos * sx, (cos * shear - sin) * sy
    a[:, 1, 0], a[:, 1, 1] = sin * sx, (sin * shear + cos) * sy
    inv = np.linalg.inv(a)
    inv = inv.astype(np.float32)[:, :, :, None, None]
    grid = (np.arange(HI, dtype=np.float32) + 0.5) / 2.0 - 15.0  # pixel centres, from centre
    gx, gy = np.meshgrid(grid, grid)  # (HI, HI): x along columns
    # input pixel-centre coordinates, +1 for the zero padding, clipped inside the padding
    px = np.clip(inv[:, 0, 0] * gx + inv[:, 0, 1] * gy + 14.5, 0, 29.999)
    py = np.clip(inv[:, 1, 0] * gx + inv[:, 1, 1] * gy + 14.5, 0, 29.999)
    flat = np.pad(x, ((0, 0), (1, 2), (1, 2))).ravel()  # (B, 31, 31) with zeros around
    x0, y0 = np.floor(px), np.floor(py)
    fx, fy = px - x0, py - y0  # float32 throughout
    base = (np.arange(b, dtype=np.int32) * 961)[:, None, None]
    idx = base + y0.astype(np.int32) * 31 + x0.astype(np.int32)  # flat gathers
    top = flat.take(idx) * (1 - fx) + flat.take(idx + 1) * fx
    bottom = flat.take(idx + 31) * (1 - fx) + flat.take(idx + 32) * fx
    return top * (1 - fy) + bottom * fy


def _shifted(v: np.ndarray, op, offsets) -> np.ndarray:
    p = np.pad(v, ((0, 0), (1, 1), (1, 1)))
    out = v.copy()
    for dy, dx in offsets:
        out = op(out, p[:, 1 + dy : 1 + dy + HI, 1 + dx : 1 + dx + HI])
    return out


_CROSS = [(-1, 0), (1, 0), (0, -1), (0, 1)]
_SQUARE = _CROSS + [(-1, -1), (-1, 1), (1, -1), (1, 1)]


def _canvas_strokes(v: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Make (B, 60, 60) gray digits look drawn: crisp edges at a random level, then a random
    number of dilation (thick pen) or erosion steps, alternating cross/square for a round pen."""
    b = len(v)
    level = rng.uniform(0.3, 0.75, (b, 1, 1)).astype(np.float32)
    v = np.clip((v - level) * 4.0 + 0.5, 0.0, 1.0)
    steps = rng.choice([-1, 0, 0, 1, 1, 2, 3, 4], size=b)
    for k in range(1, 5):
        grow = steps >= k
        if grow.any():
            v[grow] = _shifted(v[grow], np.maximum, _CROSS if k % 2 else _SQUARE)
    thin = steps < 0
    if thin.any():
        v[thin] = _shifted(v[thin], np.minimum, _CROSS)
    return v


def _box_matrices(scale, lo, offset, n_in: int) -> np.ndarray:
    """Batched version of preprocess._resample_matrix (the box filter): (B, 28, n_in)."""
    centres = (np.arange(SIZE)[None, :] + 0.5 - offset[:, None]) / scale[:, None] + lo[:, None]
    edges = np.arange(n_in + 1, dtype=np.float64)
    half = (0.5 / scale)[:, None, None]
    left = np.clip(centres[:, :, None] - half, edges[:-1], edges[1:])
    right = np.clip(centres[:, :, None] + half, edges[:-1], edges[1:])
    return ((right - left) * scale[:, None, None]).astype(np.float32)


def _fit_box_batch(v: np.ndarray) -> np.ndarray:
    """What engine.digits.preprocess.fit_box does, for a batch: ink box -> 20 px, centre of mass at
    MNIST's centre, shifts limited so nothing is clipped."""
    n = v.shape[1]
    v = v / np.maximum(v.max(axis=(1, 2), keepdims=True), 1e-6)
    v = np.where(v >= 0.1, v, 0.0).astype(np.float32)
    mask = v >= 0.2
    spans, coms = [], []
    for axis in (2, 1):  # rows, then columns
        any_ = mask.any(axis=axis)
        lo = any_.argmax(axis=1)
        hi = n - any_[:, ::-1].argmax(axis=1)
        profile = v.sum(axis=axis)
        coms.append((profile @ np.arange(n)) / np.maximum(profile.sum(axis=1), 1e-6))
        spans.append((lo.astype(np.float64), hi.astype(np.float64)))
    scale = BOX / np.maximum(spans[0][1] - spans[0][0], spans[1][1] - spans[1][0])
    mats = []
    for (lo, hi), com in zip(spans, coms, strict=True):
        offset = (CENTRE + 0.5) - (com + 0.5 - lo) * scale
        offset = np.clip(offset, 0.0, SIZE - (hi - lo) * scale)
        mats.append(_box_matrices(scale, lo, offset, n))
    out = mats[0] @ v @ mats[1].transpose(0, 2, 1)
    return np.clip(out, 0.0, 1.0)[:, :, :, None].astype(np.float32)


def augment(x: np.ndarray, rng: np.random.Generator, chunk: int = 500) -> np.ndarray:
    """(n, 28, 28) uint8 -> (n, 28, 28, 1) float32 augmented and MNIST-normalised."""
    out = np.empty((len(x), SIZE, SIZE, 1), np.float32)
    for start in range(0, len(x), chunk):
        xb = x[start : start + chunk].astype(np.float32) / 255.0
        v = _affine_2x(xb, rng)
        drawn = rng.random(len(xb)) < 0.7  # the rest keeps MNIST's own gray strokes
        v[drawn] = _canvas_strokes(v[drawn], rng)
        out[start : start + chunk] = _fit_box_batch(v)
    clean = rng.random(len(x)) < 0.1  # a few untouched digits keep MNIST's look exact
    out[clean] = x[clean, :, :, None].astype(np.float32) / 255.0
    return out


# ----- model -------------------------------------------------------------------------------
def build_model(keras):
    layers = keras.layers
    return keras.Sequential(
        [
            keras.Input((SIZE, SIZE, 1)),
            layers.Conv2D(32, 5, activation="relu"),
            layers.MaxPooling2D(),
            layers.Conv2D(64, 3, activation="relu"),
            layers.Conv2D(64, 3, activation="relu"),
            layers.MaxPooling2D(),
            layers.Flatten(),
            layers.Dense(128, activation="relu"),
            layers.Dropout(0.4),
            layers.Dense(10, activation="softmax"),
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mnist", default=str(ROOT.parent / "shared" / "data" / "mnist.npz"))
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=str(OUT_MODEL))
    parser.add_argument("--reference", default=str(OUT_REFERENCE), help="Keras outputs for tests")
    parser.add_argument("--preview", help="write a PNG of augmented digits and stop")
    args = parser.parse_args()

    from engine.data.mnist import load_mnist

    x_train, y_train, x_test, y_test = load_mnist(args.mnist, allow_download=False)
    rng = np.random.default_rng(args.seed)
    if args.preview:
        from PIL import Image

        a = augment(x_train[:64], rng)[..., 0]
        grid = np.vstack([np.hstack(list(a[r * 8 : r * 8 + 8])) for r in range(8)])
        Image.fromarray((grid * 255).astype(np.uint8)).resize((448, 448)).save(args.preview)
        return 0

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import keras

    keras.utils.set_random_seed(args.seed)
    model = build_model(keras)
    steps = args.epochs * int(np.ceil(len(x_train) / args.batch_size))
    schedule = keras.optimizers.schedules.CosineDecay(args.lr, steps, alpha=0.01)
    model.compile(
        optimizer=keras.optimizers.Adam(schedule),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    x_eval = x_test[..., None].astype(np.float32) / 255.0
    started = time.monotonic()
    # Augment the next epoch in a thread while Keras fits this one (numpy releases the GIL).
    seeds = rng.spawn(args.epochs)
    pool = ThreadPoolExecutor(1)
    pending = pool.submit(augment, x_train, seeds[0])
    for epoch in range(args.epochs):
        t0 = time.monotonic()
        x_aug = pending.result()
        if epoch + 1 < args.epochs:
            pending = pool.submit(augment, x_train, seeds[epoch + 1])
        t1 = time.monotonic()
        hist = model.fit(x_aug, y_train, batch_size=args.batch_size, epochs=1, verbose=0)
        _, acc = model.evaluate(x_eval, y_test, verbose=0)
        print(
            f"epoch {epoch + 1}/{args.epochs}: train acc {hist.history['accuracy'][-1]:.4f} "
            f"test acc {acc:.4f} (waited {t1 - t0:.1f} s for data, "
            f"fit {time.monotonic() - t1:.1f} s)",
            flush=True,
        )
    pool.shutdown()
    probs = model.predict(x_eval, verbose=0, batch_size=500)
    test_acc = float((probs.argmax(axis=1) == y_test).mean())
    meta = {
        "test_accuracy": round(test_acc, 4),
        "trained_by": "tools/train_digit_model.py",
        "data": "MNIST (60,000 training images; accuracy on the 10,000 test images)",
        "settings": {
            k: v for k, v in vars(args).items() if k not in ("mnist", "out", "preview", "reference")
        },
        "train_seconds": round(time.monotonic() - started, 1),
        "keras": keras.__version__,
    }
    cnn = from_keras(model, meta)
    cnn.save(args.out)
    # Reference outputs for tests: NumPy inference must match these Keras probabilities.
    ref_x = np.concatenate([x_eval[:16], augment(x_test[16:32], rng)])
    Path(args.reference).parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.reference, x=ref_x, probs=model.predict(ref_x, verbose=0).astype(np.float32)
    )
    print(json.dumps({"saved": args.out, **meta}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Train the shipped digit CNN (resources/digit_cnn.npz) on the real MNIST.

    python tools/train_digit_model.py [--mnist ../shared/data/mnist.npz] [--epochs 15]

Canvas drawings differ from MNIST in stroke width, antialiasing and slant, and other people
write in other hands, so each epoch sees freshly augmented training digits
(tools/digit_augment.py): a random affine map (rotation, scale, aspect, slant) and, for half of
them, an elastic distortion, rendered at 2x; for most, a canvas-like stroke (crisp antialiased
edges at a random level, then thicker or thinner); for some, a broken stroke; and finally the
MNIST normalisation the app itself applies (ink box -> 20 px, centre of mass at the centre).
All of it is batched numpy (no per-image Python loop), made in a thread while Keras fits the
previous epoch. Only the 60,000 training digits are augmented; the test digits only measure.
The weights are exported as plain arrays that engine/digits/model.py runs without TensorFlow;
a few reference outputs of Keras are stored for the test that checks the NumPy path against
Keras.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.digits.model import from_keras  # noqa: E402
from engine.digits.preprocess import SIZE  # noqa: E402
from tools.digit_augment import augment  # noqa: E402

OUT_MODEL = ROOT / "resources" / "digit_cnn.npz"
OUT_REFERENCE = ROOT / "tests" / "data" / "digit_cnn_reference.npz"
_NOT_SETTINGS = ("mnist", "out", "preview", "reference", "workers")  # no effect on the model


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
    parser.add_argument("--workers", type=int, default=1, help="threads making augmented epochs")
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
    # Augment the next epochs in threads while Keras fits this one (numpy releases the GIL).
    # Each epoch has its own seed, so the digits are the same however many threads make them.
    seeds = rng.spawn(args.epochs)
    pool = ThreadPoolExecutor(args.workers)
    pending = deque(pool.submit(augment, x_train, s) for s in seeds[: args.workers])
    for epoch in range(args.epochs):
        t0 = time.monotonic()
        x_aug = pending.popleft().result()
        if epoch + args.workers < args.epochs:
            pending.append(pool.submit(augment, x_train, seeds[epoch + args.workers]))
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
        "settings": {k: v for k, v in vars(args).items() if k not in _NOT_SETTINGS},
        "train_seconds": round(time.monotonic() - started, 1),
        "keras": keras.__version__,
        "backend": keras.backend.backend(),
    }
    cnn = from_keras(model, meta)
    cnn.save(args.out)
    # Reference outputs for tests: NumPy inference must match these Keras probabilities
    # (plain test digits, and augmented training digits: only training digits are augmented).
    ref_x = np.concatenate([x_eval[:16], augment(x_train[:16], rng)])
    Path(args.reference).parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.reference, x=ref_x, probs=model.predict(ref_x, verbose=0).astype(np.float32)
    )
    print(json.dumps({"saved": args.out, **meta}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

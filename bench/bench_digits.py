"""Digit recognition on canvas-style drawings: accuracy of three pipelines, latency, start-up.

    python bench/bench_digits.py [--mnist ../shared/data/mnist.npz] [--n 2000] [--seed 0]
                                 [--writers 3000] [--models default OLD.npz ...]

Models (default: the shipped one; name other .npz digit CNNs to compare) are measured on the
MNIST test set, the canvas set and the other-writers sets (bench/other_writers.py: digits
written stroke by stroke from hand-made skeletons, never from MNIST, in a tidy and a rough
hand), each through `predict`'s pipeline; then the shipped model's detail below.

(a) `predict`'s pipeline: engine.digits.preprocess.to_mnist + the shipped CNN (NumPy);
(b) the desktop peer's: ink box -> longer side 20 px (Lanczos) -> centred in 28x28 -> shifted
    by the integer centre of mass, with the same shipped CNN;
(c) a naive resize of the whole canvas to 28x28.
Latency is stroke end to probabilities (preprocess + NumPy inference, one canvas), the median
over 200 canvases. First prediction: a fresh interpreter loading the model and answering once,
NumPy versus TensorFlow/Keras. Prints a markdown table (BENCHMARKS.md, "Draw a digit").
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.canvas_set import canvas_set  # noqa: E402
from bench.other_writers import ROUGH, STYLES, other_writers_set  # noqa: E402
from engine.digits.model import load_digit_cnn  # noqa: E402
from engine.digits.preprocess import to_mnist  # noqa: E402


def _ink(canvas: np.ndarray) -> np.ndarray:
    """White on black in [0, 1], as the peer's black canvas with a white brush."""
    g = canvas.astype(np.float32) / 255.0
    border = np.concatenate([g[0], g[-1], g[:, 0], g[:, -1]])
    paper = float(np.median(border))
    ink = np.clip((paper - g) / max(paper - float(g.min()), 1e-6), 0.0, 1.0)
    return np.where(ink > 0.05, ink, 0.0)


def peer_pipeline(canvas: np.ndarray) -> np.ndarray:
    from PIL import Image

    ink = _ink(canvas)
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    crop = ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    h, w = crop.shape
    s = 20.0 / max(h, w)
    nh, nw = max(1, round(h * s)), max(1, round(w * s))
    small = Image.fromarray(crop.astype(np.float32), "F").resize((nw, nh), Image.LANCZOS)
    small = np.asarray(small)
    out = np.zeros((28, 28), np.float32)
    top, left = (28 - nh) // 2, (28 - nw) // 2
    out[top : top + nh, left : left + nw] = np.clip(small, 0.0, 1.0)
    total = out.sum()
    cy = (out.sum(axis=1) @ np.arange(28)) / total
    cx = (out.sum(axis=0) @ np.arange(28)) / total
    return _shift(out, int(np.round(14 - cy)), int(np.round(14 - cx)))


def _shift(img: np.ndarray, dy: int, dx: int) -> np.ndarray:
    out = np.zeros_like(img)
    h, w = img.shape
    ys, yd = (slice(0, h - dy), slice(dy, h)) if dy >= 0 else (slice(-dy, h), slice(0, h + dy))
    xs, xd = (slice(0, w - dx), slice(dx, w)) if dx >= 0 else (slice(-dx, w), slice(0, w + dx))
    out[yd, xd] = img[ys, xs]
    return out


def naive_pipeline(canvas: np.ndarray) -> np.ndarray:
    from PIL import Image

    small = Image.fromarray(_ink(canvas).astype(np.float32), "F").resize((28, 28), Image.BILINEAR)
    return np.clip(np.asarray(small), 0.0, 1.0)


def first_prediction_seconds(mode: str) -> float:
    """Seconds from a fresh interpreter's first import to its first answer (median of 3)."""
    code = {
        "numpy": (
            "import time; t=time.perf_counter()\n"
            "import numpy as np\n"
            "from engine.digits.model import load_digit_cnn\n"
            "from engine.digits.preprocess import to_mnist\n"
            "img=np.full((280,280),255,np.uint8); img[60:220,130:150]=0\n"
            "load_digit_cnn().predict_proba(to_mnist(img)[None])\n"
            "print(time.perf_counter()-t)\n"
        ),
        "keras": (
            "import time; t=time.perf_counter()\n"
            "import os; os.environ['TF_CPP_MIN_LOG_LEVEL']='3'\n"
            "import numpy as np\n"
            "import keras\n"
            "from engine.digits.model import load_digit_cnn, to_keras\n"
            "from engine.digits.preprocess import to_mnist\n"
            "img=np.full((280,280),255,np.uint8); img[60:220,130:150]=0\n"
            "m=to_keras(load_digit_cnn()); m.predict_on_batch(to_mnist(img)[None,:,:,None])\n"
            "print(time.perf_counter()-t)\n"
        ),
    }[mode]
    times = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
        )
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return float(np.median(times))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mnist", default=str(ROOT.parent / "shared" / "data" / "mnist.npz"))
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--writers", type=int, default=3000, help="other-writers digits")
    parser.add_argument("--models", nargs="+", default=["default"], help="digit CNN .npz files")
    parser.add_argument("--skip-startup", action="store_true", help="no first-prediction runs")
    args = parser.parse_args()
    data = np.load(args.mnist)
    x_test, y_test = data["x_test"], data["y_test"]
    cnn = load_digit_cnn()
    mnist_acc = float(
        (cnn.predict_proba(x_test.astype(np.float32) / 255.0).argmax(axis=1) == y_test).mean()
    )
    t0 = time.perf_counter()
    canvases, labels, params = canvas_set(x_test, y_test, n=args.n, seed=args.seed)
    print(f"rendered {args.n} canvases in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    t0 = time.perf_counter()
    written, written_labels, styles = other_writers_set(args.writers, args.seed)
    rough, rough_labels, _ = other_writers_set(args.writers, args.seed, ROUGH)
    print(f"wrote 2x{args.writers} digits in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    x_canvas = np.stack([to_mnist(c) for c in canvases])
    x_written = np.stack([to_mnist(c) for c in written])
    x_rough = np.stack([to_mnist(c) for c in rough])
    model_rows = []
    for name in args.models:
        model = cnn if name == "default" else load_digit_cnn(name)
        model_rows.append(
            (
                "shipped" if name == "default" else name,
                (model.predict_proba(x_test.astype(np.float32) / 255.0).argmax(1) == y_test).mean(),
                (model.predict_proba(x_canvas).argmax(1) == labels).mean(),
                (model.predict_proba(x_written).argmax(1) == written_labels).mean(),
                (model.predict_proba(x_rough).argmax(1) == rough_labels).mean(),
            )
        )
    written_ok = cnn.predict_proba(x_written).argmax(axis=1) == written_labels

    pipelines = {
        "(a) `predict`: to_mnist (box filter, sub-pixel centre of mass, thin strokes thickened)": (
            to_mnist
        ),
        "(a') the same without thickening thin strokes": lambda c: to_mnist(
            c, normalise_stroke=False
        ),
        "(b) peer: box -> 20 px Lanczos -> integer centre-of-mass shift": peer_pipeline,
        "(c) naive whole-canvas resize to 28x28": naive_pipeline,
    }
    rows = []
    correct_a = None
    for name, fn in pipelines.items():
        x = np.stack([fn(c) for c in canvases])
        ok = cnn.predict_proba(x).argmax(axis=1) == labels
        correct_a = ok if correct_a is None else correct_a
        rows.append((name, ok.mean()))

    # Beyond the set: the failure cases of a fixed pipeline, a very fine pen on a big digit
    # and a very broad one on a small digit.
    extremes = {
        "fine pen (0.3-0.45x) on big digits (75-85 %)": ((0.75, 0.85), (0.3, 0.45)),
        "broad pen (2.5-3x) on small digits (35-45 %)": ((0.35, 0.45), (2.5, 3.0)),
    }
    extreme_rows = []
    for label, (heights, strokes) in extremes.items():
        xs, ys, _ = canvas_set(
            x_test[5000:], y_test[5000:], args.n // 4, args.seed, heights, strokes
        )
        accs = []
        for fn in list(pipelines.values())[:3]:
            x = np.stack([fn(c) for c in xs])
            accs.append((cnn.predict_proba(x).argmax(axis=1) == ys).mean())
        extreme_rows.append((label, accs))

    latencies = []
    for c in canvases[:200]:
        t = time.perf_counter()
        cnn.predict_proba(to_mnist(c)[None])
        latencies.append(time.perf_counter() - t)
    lat = np.array(latencies) * 1000

    print(
        f"\nModels through `predict`'s pipeline (MNIST test: 10,000 plain images; canvas set: "
        f"{args.n}; other writers, tidy and rough hands: {args.writers} each, seed {args.seed}):\n"
    )
    print("| model | MNIST test | canvas set | other writers | other writers, rough |")
    print("|---|---|---|---|---|")
    for name, *accs in model_rows:
        print(f"| {name} | " + " | ".join(f"{a:.2%}" for a in accs) + " |")
    print(
        "\nShipped CNN on other writers' digits, by digit and style (see bench/other_writers.py):\n"
    )
    print("| digit | " + " | ".join(f"style {k}" for k in range(4)) + " |")
    print("|---|---|---|---|---|")
    for digit, digit_styles in STYLES.items():
        cells = []
        for k in range(4):
            sel = (written_labels == digit) & (styles == k)
            cells.append(f"{written_ok[sel].mean():.1%}" if k < len(digit_styles) else "–")
        print(f"| {digit} | " + " | ".join(cells) + " |")
    print(f"\nShipped CNN on the MNIST test set (10,000 images): **{mnist_acc:.2%}**\n")
    print(f"Canvas set: {args.n} MNIST test digits as 280x280 canvases (seed {args.seed}).\n")
    print("| pipeline (shipped CNN) | accuracy |")
    print("|---|---|")
    for name, acc in rows:
        print(f"| {name} | {acc:.2%} |")
    print("\nPipeline (a) by digit height and stroke width (factor of the digit's own):\n")
    print("| | stroke 0.6-0.9x | 0.9-1.4x | 1.4-2.0x |")
    print("|---|---|---|---|")
    h_bins, s_bins = [0.35, 0.5, 0.7, 0.85], [0.6, 0.9, 1.4, 2.0]
    for i in range(3):
        cells = []
        for j in range(3):
            sel = (params[:, 0] >= h_bins[i]) & (params[:, 0] <= h_bins[i + 1])
            sel &= (params[:, 1] >= s_bins[j]) & (params[:, 1] <= s_bins[j + 1])
            cells.append(f"{correct_a[sel].mean():.1%} (n={sel.sum()})" if sel.any() else "–")
        print(f"| height {h_bins[i]:.0%}-{h_bins[i + 1]:.0%} | " + " | ".join(cells) + " |")
    print(f"\nExtreme pens ({args.n // 4} canvases each, MNIST test digits 5000+):\n")
    print("| canvases | (a) to_mnist | (a') no thickening | (b) peer |")
    print("|---|---|---|---|")
    for label, accs in extreme_rows:
        print(f"| {label} | " + " | ".join(f"{a:.2%}" for a in accs) + " |")
    print(
        f"\nLatency, stroke end to probabilities (preprocess + NumPy CNN, one 280x280 canvas): "
        f"median **{np.median(lat):.1f} ms**, 90th percentile {np.percentile(lat, 90):.1f} ms."
    )
    if not args.skip_startup:
        t_np, t_tf = first_prediction_seconds("numpy"), first_prediction_seconds("keras")
        print(
            "\nFirst prediction in a fresh process (imports + model load + one answer, median "
            f"of 3): NumPy path **{t_np:.2f} s**; TensorFlow/Keras path {t_tf:.2f} s."
        )
    size = (ROOT / "resources" / "digit_cnn.npz").stat().st_size
    print(f"\nModel file resources/digit_cnn.npz: {size / 1024:.0f} KiB.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

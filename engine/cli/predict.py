"""`python main.py predict [--model default|PATH] [--json] IMAGE...`: recognise digits in files.

Each image goes through the same preprocessing as the canvas (engine.digits.preprocess.to_mnist) and
the chosen model; one line per image, in order. A file that cannot be read, or holds no ink,
gets an error line of its own and makes the exit status 1, but never stops the other files.
"""

from __future__ import annotations

import argparse
import json

import numpy as np

from engine.cli.language import add_language_option, message, tr
from engine.digits.model import open_digit_model
from engine.digits.preprocess import ImageFileError, load_image_file, to_mnist
from engine.messages import Text


def add_predict_parser(sub: argparse._SubParsersAction) -> None:
    predict = sub.add_parser("predict", help="recognise handwritten digits in image files")
    predict.add_argument(
        "--model",
        default="default",
        metavar="default|PATH",
        help="the shipped CNN (default), a .npz from this app (CNN or MLP), or a .keras file",
    )
    predict.add_argument("--json", action="store_true", help="one JSON object per image")
    predict.add_argument("images", nargs="+", metavar="IMAGE", help="PNG, JPG, BMP, GIF…")
    add_language_option(predict)


def predict_command(args: argparse.Namespace) -> int:
    predict, _ = open_digit_model(args.model)  # a bad model file: ValueError -> exit 2
    inputs: list[np.ndarray] = []
    results: list[dict] = []
    for path in args.images:
        try:
            image = to_mnist(load_image_file(path))
        except ImageFileError as exc:
            results.append({"file": path, "error": _text(exc)})
            continue
        except ValueError as exc:  # an image of a shape we cannot read as gray or colour
            results.append(
                {"file": path, "error": Text("{path}: {problem}", path=path, problem=_text(exc))}
            )
            continue
        if image is None:
            error = Text("{path}: nothing drawn (a blank image)", path=path)
            results.append({"file": path, "error": error})
            continue
        results.append({"file": path, "input": len(inputs)})
        inputs.append(image)
    probs = predict(np.stack(inputs)) if inputs else np.zeros((0, 10))
    failed = 0
    for result in results:
        if "error" in result:
            failed += 1
        else:
            p = np.asarray(probs[result.pop("input")], dtype=np.float64)
            digit = int(np.argmax(p))
            result.update(
                digit=digit,
                confidence=round(float(p[digit]), 6),
                probabilities=[round(float(v), 6) for v in p],
            )
        print(json.dumps(result) if args.json else _human(result), flush=True)
    return 1 if failed else 0


def _text(exc: Exception) -> str:
    """The exception's message, as the engine's Text when it is one (JSON gets its English)."""
    return exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], Text) else str(exc)


def _human(result: dict) -> str:
    if "error" in result:
        text = message(result["error"])
        for sep in (": ", "："):  # the file is named once, by the line itself
            if text.startswith(result["file"] + sep):
                text = text[len(result["file"] + sep) :]
                break
        return tr("{file}: error: {text}", file=result["file"], text=text)
    p = np.asarray(result["probabilities"])
    runners = [int(i) for i in np.argsort(p)[::-1][1:3] if p[i] >= 0.01]
    also = ", ".join(f"{i} {p[i]:.0%}" for i in runners)
    return f"{result['file']}: {result['digit']} ({result['confidence']:.1%})" + (
        f"  [{tr('then')} {also}]" if also else ""
    )

"""The settings block both kinds of script open with: the optimiser's constants, named as the
script's optimiser (Keras's or the written-out one) takes them."""

from __future__ import annotations

from engine.experiment.spec import OptimizerSpec


def optimizer_constants(o: OptimizerSpec) -> list[str]:
    """LEARNING_RATE and the constants the optimiser `o` uses (MOMENTUM, RHO, BETA_1/2,
    EPSILON), one assignment a line."""
    lines = [f"LEARNING_RATE = {o.lr!r}"]
    if o.name in ("momentum", "nesterov"):
        lines.append(f"MOMENTUM = {o.momentum!r}")
    if o.name == "rmsprop":
        lines.append(f"RHO = {o.rho!r}")
    if o.name in ("adam", "nadam"):
        lines += [f"BETA_1 = {o.beta1!r}", f"BETA_2 = {o.beta2!r}"]
    if o.name in ("adagrad", "rmsprop", "adam", "nadam"):
        lines.append(f"EPSILON = {o.epsilon!r}")
    return lines

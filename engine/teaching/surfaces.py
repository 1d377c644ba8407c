"""Optimisers on a loss surface: the NumPy engine's own optimisers walking classic 2-D functions.

Tutorial 3 walks from SGD to Adam in words; here each update rule leaves a path. The point
(x, y) is the parameter array and the surface's analytic gradient fills the gradient array, so
the objects that move are the same `engine.models.numpy.optimizers` classes that train the MLP
(`make_optimizer` from an `OptimizerSpec`), bound to one 2-vector instead of a network's flat
weight vector.

Surfaces:
- valley: Rosenbrock's f = (1 − x)² + 100(y − x²)², a long, narrow, curved valley with its
  minimum f = 0 at (1, 1).
- saddle: f = x² − y², a saddle point at (0, 0); there is no minimum (f falls without end along y).
- bowl: f = ½(x² + 4y²), minimum f = 0 at (0, 0), whose gradient has Gaussian noise added (from
  a seeded generator, the same draws for every optimiser), as a mini-batch gradient has.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from engine.experiment.spec import OPTIMIZERS, OptimizerSpec, SpecError
from engine.messages import Text
from engine.models.numpy.optimizers import Optimizer, make_optimizer

Grid = tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class Surface:
    """A function of two parameters with its analytic gradient, and where to draw it."""

    name: str
    title: str
    formula: str
    value: Callable[[np.ndarray, np.ndarray], np.ndarray]  # f(x, y), elementwise
    gradient: Callable[[float, float], tuple[float, float]]  # (∂f/∂x, ∂f/∂y)
    extent: tuple[float, float, float, float]  # xmin, xmax, ymin, ymax
    start: tuple[float, float]
    minimum: tuple[float, float] | None  # None: the surface has no minimum
    noise: float = 0.0  # standard deviation of the Gaussian noise added to each gradient
    log_shade: bool = False  # shade log10(1 + f): the valley's values run from 0 to about 2500

    def shade(self, resolution: int = 200) -> np.ndarray:
        """f on a `resolution`² grid over `extent`, row-major (rows are y), float32, as drawn:
        log10(1 + f) where `log_shade` says so."""
        xmin, xmax, ymin, ymax = self.extent
        xs = np.linspace(xmin, xmax, resolution)
        ys = np.linspace(ymin, ymax, resolution)
        gx, gy = np.meshgrid(xs, ys)
        f = self.value(gx, gy)
        if self.log_shade:
            f = np.log10(1.0 + f)
        return np.ascontiguousarray(f, dtype=np.float32)

    def distance_to_minimum(self, x: float, y: float) -> float:
        if self.minimum is None:
            raise ValueError(f"the {self.title} has no minimum")
        return math.hypot(x - self.minimum[0], y - self.minimum[1])


def _rosenbrock(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return (1.0 - x) ** 2 + 100.0 * (y - x * x) ** 2


def _rosenbrock_gradient(x: float, y: float) -> tuple[float, float]:
    return -2.0 * (1.0 - x) - 400.0 * x * (y - x * x), 200.0 * (y - x * x)


def _saddle(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return x * x - y * y


def _saddle_gradient(x: float, y: float) -> tuple[float, float]:
    return 2.0 * x, -2.0 * y


def _bowl(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return 0.5 * (x * x + 4.0 * y * y)


def _bowl_gradient(x: float, y: float) -> tuple[float, float]:
    return x, 4.0 * y


SURFACES: dict[str, Surface] = {
    s.name: s
    for s in (
        Surface(
            "valley",
            "Rosenbrock valley",
            "f = (1 − x)² + 100(y − x²)²",
            _rosenbrock,
            _rosenbrock_gradient,
            (-2.0, 2.0, -1.0, 3.0),
            (-1.5, 2.0),
            (1.0, 1.0),
            log_shade=True,
        ),
        Surface(
            "saddle",
            "saddle",
            "f = x² − y²",
            _saddle,
            _saddle_gradient,
            (-2.0, 2.0, -2.0, 2.0),
            (-1.8, 0.05),
            None,
        ),
        Surface(
            "bowl",
            "bowl with noisy gradients",
            "f = (x² + 4y²)/2, gradient + noise",
            _bowl,
            _bowl_gradient,
            (-2.0, 2.0, -2.0, 2.0),
            (-1.8, 1.5),
            (0.0, 0.0),
            noise=1.0,
        ),
    )
}
NOISE_SEED = 0  # every optimiser on the bowl sees the same noise draws, step for step
LEFT = "left the surface"  # why a path stops: it ran outside the drawn area (or overflowed)


def surface(name: str) -> Surface:
    try:
        return SURFACES[name]
    except KeyError:
        raise SpecError(
            Text(
                "surface: unknown surface {name}; choose one of {choices}",
                name=repr(name),
                choices=", ".join(SURFACES),
            )
        ) from None


class OptimizerPath:
    """One engine optimiser walking `surface` from `start`: `optimizer` is bound to `point`
    (its only parameter array) and `gradient` (refilled from the surface before each step),
    exactly as the MLP binds it to its flat weights. `xy` is the path so far, start included.

    A path stops, `stopped` saying why, once its point leaves the drawn area by more than half
    its width or height (on the saddle it falls without end)."""

    def __init__(
        self,
        surf: Surface,
        name: str,
        start: Sequence[float],
        lr: float,
        momentum: float,
        seed: int = NOISE_SEED,
    ) -> None:
        spec = OptimizerSpec(name, lr=float(lr), momentum=float(momentum))
        spec.validate()  # a bad name, rate or momentum is refused with the field named
        if len(start) != 2 or not all(math.isfinite(v) for v in start):
            raise SpecError(
                Text(
                    "surface start: two finite numbers needed, not {start}",
                    start=repr(tuple(start)),
                )
            )
        self.surface = surf
        self.name = name
        self.point = np.array(start, dtype=np.float64)
        self.gradient = np.zeros(2, dtype=np.float64)
        self.optimizer: Optimizer = make_optimizer(spec, [self.point], [self.gradient])
        self._rng = np.random.default_rng(seed)
        self._xy = np.empty((256, 2), dtype=np.float64)
        self._xy[0] = self.point
        self._count = 1
        self.stopped = ""
        xmin, xmax, ymin, ymax = surf.extent
        w, h = (xmax - xmin) / 2, (ymax - ymin) / 2
        self._bounds = (xmin - w, xmax + w, ymin - h, ymax + h)

    @property
    def xy(self) -> np.ndarray:
        """The points visited, start first: an (n, 2) view, valid until the next `advance`."""
        return self._xy[: self._count]

    @property
    def steps(self) -> int:
        return self._count - 1

    def fill_gradient(self) -> None:
        """The surface's gradient at the current point (plus the bowl's noise), in place."""
        gx, gy = self.surface.gradient(float(self.point[0]), float(self.point[1]))
        self.gradient[0], self.gradient[1] = gx, gy
        if self.surface.noise:
            self.gradient += self.surface.noise * self._rng.standard_normal(2)

    def advance(self, steps: int) -> int:
        """Take up to `steps` optimiser steps (fewer once stopped); returns how many."""
        done = 0
        xmin, xmax, ymin, ymax = self._bounds
        while done < steps and not self.stopped:
            self.fill_gradient()
            self.optimizer.step()
            done += 1
            if self._count == len(self._xy):
                self._xy = np.concatenate([self._xy, np.empty_like(self._xy)])
            self._xy[self._count] = self.point
            self._count += 1
            x, y = self.point
            if not (xmin <= x <= xmax and ymin <= y <= ymax):  # also catches nan
                self.stopped = LEFT
        return done

    def value(self) -> float:
        return float(self.surface.value(self.point[0], self.point[1]))


@dataclass(frozen=True)
class SurfaceSettings:
    """What a walk on a surface depends on: enough to repeat it exactly."""

    surface: str = "valley"
    lr: float = 0.001
    momentum: float = 0.9
    steps: int = 500
    optimizers: tuple[str, ...] = OPTIMIZERS
    start: tuple[float, float] | None = None  # None: the surface's own start

    def validate(self) -> SurfaceSettings:
        surface(self.surface)
        if not 0 < self.lr <= 10:
            raise SpecError(Text("surface lr: between 0 (excluded) and 10, not {lr}", lr=self.lr))
        if not 0 <= self.momentum <= 0.999:
            raise SpecError(
                Text(
                    "surface momentum: between 0 and 0.999, not {momentum}",
                    momentum=self.momentum,
                )
            )
        if not 1 <= self.steps <= 100_000:
            raise SpecError(
                Text("surface steps: between 1 and 100000, not {steps}", steps=self.steps)
            )
        unknown = [n for n in self.optimizers if n not in OPTIMIZERS]
        if unknown:
            raise SpecError(
                Text(
                    "surface optimizers: unknown {unknown}; choose from {choices}",
                    unknown=unknown,
                    choices=", ".join(OPTIMIZERS),
                )
            )
        return self


def start_paths(settings: SurfaceSettings) -> dict[str, OptimizerPath]:
    """One path per optimiser in `settings`, all at the start, none stepped yet."""
    settings.validate()
    surf = surface(settings.surface)
    start = settings.start if settings.start is not None else surf.start
    return {
        name: OptimizerPath(surf, name, start, settings.lr, settings.momentum)
        for name in settings.optimizers
    }


def run_paths(settings: SurfaceSettings) -> dict[str, OptimizerPath]:
    """Every optimiser's whole walk of `settings.steps` steps (or until it leaves)."""
    paths = start_paths(settings)
    for path in paths.values():
        path.advance(settings.steps)
    return paths


@dataclass(frozen=True)
class SurfaceLesson:
    """A lesson step's walk: the settings the view shows, and the outcome to expect (a
    predicate on the finished paths)."""

    settings: SurfaceSettings
    expect_text: str = ""
    expect: Callable[[dict[str, OptimizerPath]], bool] | None = None


def gets_closer_than(
    winner: str, loser: str, factor: float = 1.0
) -> Callable[[dict[str, OptimizerPath]], bool]:
    """True when `winner` ends more than `factor` times closer to the minimum than `loser`."""

    def check(paths: dict[str, OptimizerPath]) -> bool:
        a, b = paths[winner], paths[loser]
        if a.stopped:
            return False
        near = a.surface.distance_to_minimum(*a.point)
        far = math.inf if b.stopped else b.surface.distance_to_minimum(*b.point)
        return near * factor < far

    return check


def leaves_sooner(winner: str, loser: str) -> Callable[[dict[str, OptimizerPath]], bool]:
    """True when `winner` leaves the drawn area in fewer steps than `loser` (which may stay)."""

    def check(paths: dict[str, OptimizerPath]) -> bool:
        a, b = paths[winner], paths[loser]
        return bool(a.stopped) and (not b.stopped or a.steps < b.steps)

    return check


def all_end_lower(paths: dict[str, OptimizerPath]) -> bool:
    """True when every path ends where f is lower than where it started."""
    return all(
        not p.stopped and p.value() < float(p.surface.value(*p.xy[0])) for p in paths.values()
    )

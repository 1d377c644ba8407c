"""Optimizers on a loss surface: the surfaces' gradients are right, the walkers are the NumPy
engine's own optimizer objects, and what lesson 13 and the view's texts say of the walks is
what the walks do."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from engine.experiment.spec import OPTIMIZERS, OptimizerSpec, SpecError
from engine.models.numpy import optimizers
from engine.teaching.lessons import lesson
from engine.teaching.surfaces import (
    LEFT,
    SURFACES,
    OptimizerPath,
    SurfaceSettings,
    all_end_lower,
    gets_closer_than,
    run_paths,
    start_paths,
    surface,
)
from gui.help.explanations import explanations

POINTS = [(-1.5, 2.0), (0.3, -0.7), (1.0, 1.0), (1.7, 2.9), (-0.2, 0.05)]


@pytest.mark.parametrize("name", list(SURFACES))
def test_gradients_match_finite_differences(name):
    surf = surface(name)
    h = 1e-6
    for x, y in POINTS:
        gx, gy = surf.gradient(x, y)
        fx = (surf.value(np.float64(x + h), np.float64(y)) - surf.value(x - h, y)) / (2 * h)
        fy = (surf.value(np.float64(x), np.float64(y + h)) - surf.value(x, y - h)) / (2 * h)
        assert gx == pytest.approx(fx, rel=1e-6, abs=1e-5)
        assert gy == pytest.approx(fy, rel=1e-6, abs=1e-5)


def test_the_minima_are_minima_and_the_saddle_has_none():
    for name in ("valley", "bowl"):
        surf = surface(name)
        assert surf.gradient(*surf.minimum) == (0.0, 0.0)
        assert float(surf.value(*surf.minimum)) == 0.0
        assert float(surf.shade().min()) >= 0.0
    assert surface("saddle").minimum is None
    assert surface("saddle").gradient(0.0, 0.0) == (0.0, -0.0)


def test_the_valley_shading_spans_what_the_plot_text_says():
    """surfacePlot: "the valley, whose values run from 0 to about 2500"."""
    valley = surface("valley")
    raw = valley.value(*np.meshgrid(np.linspace(-2, 2, 201), np.linspace(-1, 3, 201)))
    assert raw.min() == 0.0 and 2400 < raw.max() < 2600
    assert "from 0 to about 2500" in explanations()["surfacePlot"].what
    assert valley.shade().max() == pytest.approx(np.log10(1 + raw.max()), rel=1e-4)


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_the_walker_is_the_engines_optimizer_bound_to_the_point(name, monkeypatch):
    """Not a copy: the engine's class, bound to the path's own arrays, and its code runs."""
    path = OptimizerPath(surface("valley"), name, (-1.5, 2.0), lr=0.001, momentum=0.9)
    opt = path.optimizer
    assert type(opt) is optimizers._OPTIMIZERS[name]
    assert opt.params[0] is path.point and opt.grads[0] is path.gradient
    calls = []
    engine_step = type(opt)._step

    def counted(self):
        calls.append(self)
        return engine_step(self)

    monkeypatch.setattr(type(opt), "_step", counted)
    assert path.advance(5) == 5
    assert len(calls) == 5 and all(c is opt for c in calls)


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_a_step_on_the_surface_is_the_engines_step_on_that_gradient(name):
    surf = surface("bowl")  # noisy: the gradient fed is the one the path drew
    path = OptimizerPath(surf, name, (-1.8, 1.5), lr=0.03, momentum=0.9)
    w = np.array([-1.8, 1.5])
    g = np.zeros(2)
    twin = optimizers.make_optimizer(OptimizerSpec(name, lr=0.03, momentum=0.9), [w], [g])
    for _ in range(5):
        path.fill_gradient()
        g[:] = path.gradient
        twin.step()
        path.optimizer.step()  # what advance() does after fill_gradient()
        np.testing.assert_array_equal(path.point, w)
    fresh = OptimizerPath(surf, name, (-1.8, 1.5), lr=0.03, momentum=0.9)
    fresh.advance(5)
    np.testing.assert_array_equal(fresh.xy[-1], w)  # advance() = fill_gradient + step


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_every_optimizer_descends_the_noisy_bowl(name):
    path = run_paths(SurfaceSettings("bowl", lr=0.03, steps=500, optimizers=(name,)))[name]
    values = path.surface.value(path.xy[:, 0], path.xy[:, 1])
    assert not path.stopped and path.steps == 500
    assert values[-50:].mean() < values[:50].mean() / 2
    assert values[-1] < values[0]


def test_momentum_and_nesterov_walk_differently_from_sgd():
    paths = run_paths(SurfaceSettings("valley", lr=0.001, steps=100))
    sgd, mom, nes = (paths[n].xy for n in ("sgd", "momentum", "nesterov"))
    assert not np.allclose(mom, sgd) and not np.allclose(nes, sgd)
    assert not np.allclose(nes, mom)
    assert np.array_equal(sgd[:2], mom[:2])  # the first step: no velocity yet


def test_every_optimizer_sees_the_same_noise():
    paths = start_paths(SurfaceSettings("bowl", optimizers=("sgd", "adam")))
    for path in paths.values():
        path.fill_gradient()
    np.testing.assert_array_equal(paths["sgd"].gradient, paths["adam"].gradient)
    assert not np.allclose(paths["sgd"].gradient, surface("bowl").gradient(-1.8, 1.5))


def test_a_path_stops_where_it_leaves_the_drawn_area():
    path = run_paths(SurfaceSettings("saddle", lr=0.1, steps=500, optimizers=("sgd",)))["sgd"]
    assert path.stopped == LEFT and path.steps < 500
    inside = path.xy[:-1]
    assert (np.abs(inside) <= 4.0).all()  # ±2 drawn, plus half its width
    assert np.abs(path.xy[-1, 1]) > 4.0


def test_bad_settings_name_the_field():
    with pytest.raises(SpecError, match="unknown surface 'moon'"):
        SurfaceSettings("moon").validate()
    with pytest.raises(SpecError, match="surface lr"):
        SurfaceSettings(lr=0).validate()
    with pytest.raises(SpecError, match="surface momentum"):
        SurfaceSettings(momentum=1.5).validate()
    with pytest.raises(SpecError, match="surface steps"):
        SurfaceSettings(steps=0).validate()
    with pytest.raises(SpecError, match="surface optimizers"):
        SurfaceSettings(optimizers=("lbfgs",)).validate()
    with pytest.raises(SpecError, match="surface start"):
        OptimizerPath(surface("bowl"), "sgd", (0.0, float("nan")), 0.1, 0.9)


# ----- what the texts say -------------------------------------------------------------------
def test_momentum_is_read_only_by_momentum_and_nesterov():
    """surfaceMomentum: the other optimizers ignore it."""
    a = run_paths(SurfaceSettings("valley", lr=0.001, momentum=0.9, steps=50))
    b = run_paths(SurfaceSettings("valley", lr=0.001, momentum=0.5, steps=50))
    changed = {n for n in OPTIMIZERS if not np.array_equal(a[n].xy, b[n].xy)}
    assert changed == {"momentum", "nesterov"}
    assert "the other optimizers ignore it" in explanations()["surfaceMomentum"].what


def test_adaptive_steps_do_not_follow_the_slope():
    """surfaceOptimizer_rmsprop: steep and shallow directions take steps of similar size;
    Adagrad's effective rate only falls."""
    flat = dataclasses.replace(surface("bowl"), noise=0.0)  # slopes 1.8 and 6 at the start
    ratios = {}
    for name in ("sgd", "rmsprop"):
        path = OptimizerPath(flat, name, (-1.8, 1.5), lr=0.01, momentum=0.0)
        path.advance(1)
        dx, dy = np.abs(path.xy[1] - path.xy[0])
        ratios[name] = dy / dx
    assert ratios["sgd"] > 3 and ratios["rmsprop"] < 1.2
    path = OptimizerPath(surface("valley"), "adagrad", (-1.5, 2.0), lr=0.03, momentum=0.0)
    acc = []
    for _ in range(20):
        path.advance(1)
        acc.append(path.optimizer.slots[0][0].copy())
    assert (np.diff(np.array(acc), axis=0) >= 0).all()


def test_the_optimizers_are_each_explained_nadam_as_adam_with_nesterov():
    table = explanations()
    for name in OPTIMIZERS:
        assert table[f"surfaceOptimizer_{name}"].what
    assert table["surfaceOptimizer_nadam"].what.startswith("Adam with Nesterov momentum")
    assert table["surfaceOptimizer_adam"].what.startswith("RMSprop with momentum")


def test_the_surface_lesson_outcomes_and_the_figures_its_notes_quote():
    item = lesson("optimizers-surface")
    assert item.number == 13 and len(item.steps) == 4
    runs = []
    for step in item.steps:
        walk = step.surface
        assert walk is not None and walk.expect is not None
        paths = run_paths(walk.settings)
        assert walk.expect(paths), f"{step.title}: {walk.expect_text}"
        runs.append(paths)
    valley_small, valley_big, saddle, bowl = runs
    s = [step.surface.settings for step in item.steps]
    assert "500 steps at learning rate 0.001" in item.steps[0].note
    assert (s[0].surface, s[0].lr, s[0].steps) == ("valley", 0.001, 500)
    # step 1: momentum and Nesterov end near the minimum, SGD far; Adam moves each coordinate
    # by at most about the rate and covers little ground
    start = np.array(surface("valley").start)
    assert gets_closer_than("nesterov", "sgd", factor=10)(valley_small)
    assert gets_closer_than("momentum", "sgd", factor=10)(valley_small)
    adam = valley_small["adam"].xy
    assert np.abs(np.diff(adam, axis=0)).max() <= 1.05 * s[0].lr
    assert np.linalg.norm(adam[-1] - start) < 0.5
    # step 2, at 0.03: SGD, momentum and Nesterov leave within two steps; the adaptive four stay
    # on the surface and end lower
    assert "learning rate 0.03" in item.steps[1].note and s[1].lr == 0.03
    for name in ("sgd", "momentum", "nesterov"):
        assert valley_big[name].stopped == LEFT and valley_big[name].steps <= 2
    adaptive = {n: valley_big[n] for n in ("adagrad", "rmsprop", "adam", "nadam")}
    assert all_end_lower(adaptive)
    # step 3: momentum leaves the saddle much sooner than SGD
    assert saddle["momentum"].stopped and saddle["sgd"].stopped
    assert 3 * saddle["momentum"].steps < saddle["sgd"].steps
    assert "SGD has a saddle problem" in item.steps[2].note
    # step 4: every walk on the noisy bowl ends lower than it started
    assert all_end_lower(bowl) and len(bowl) == len(OPTIMIZERS)
    for step, name in zip(item.steps, ("momentum", "adam", "momentum", "sgd"), strict=True):
        assert item.experiment(item.steps.index(step)).optimizer.name == name
        assert f"Train runs {OPTIMIZER_TITLE[name]} on lesson 7's network." in step.note


OPTIMIZER_TITLE = {"momentum": "Momentum", "adam": "Adam", "sgd": "SGD"}

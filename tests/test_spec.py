"""The experiment spec: JSON round trip and one clear message per bad value."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.experiment.spec import Experiment, LayerSpec, SpecError


def test_defaults_are_valid_and_match_first_launch():
    exp = Experiment().validate()
    assert exp.data.name == "circle"
    assert [(la.units, la.activation) for la in exp.layers] == [(4, "tanh"), (2, "tanh")]


def test_json_round_trip_keeps_every_field(tmp_path):
    exp = Experiment()
    exp.layers = [LayerSpec(units=16, activation="relu"), LayerSpec(type="dropout", rate=0.3)]
    exp.optimizer.lr = 0.005
    exp.training.l2 = 0.01
    exp.data.features = ["x1", "x2", "x1x2"]
    path = tmp_path / "exp.json"
    exp.save(path)
    loaded = Experiment.load(path)
    assert loaded == exp
    assert json.loads(path.read_text())["optimizer"]["lr"] == 0.005


@pytest.mark.parametrize(
    ("edit", "fragment"),
    [
        (lambda e: setattr(e.optimizer, "lr", -0.1), "optimizer.lr must be in (0, 10]"),
        (lambda e: setattr(e.layers[0], "units", 0), "layers[0].units must be in [1, 4096]"),
        (lambda e: setattr(e.layers[1], "activation", "swish"), "layers[1].activation must be"),
        (lambda e: setattr(e.data, "noise", 80), "data.noise must be in [0, 50]"),
        (lambda e: setattr(e.data, "features", []), "data.features needs at least one"),
        (lambda e: setattr(e.data, "features", ["x3"]), "data.features must be one of"),
        (lambda e: setattr(e, "loss", "hinge"), "loss must be one of"),
        (lambda e: setattr(e.optimizer, "name", "lbfgs"), "optimizer.name must be one of"),
        (lambda e: setattr(e.training, "epochs", 2.5), "training.epochs must be a whole number"),
        (lambda e: setattr(e.layers[0], "activation", "step"), "zero gradient"),
        (lambda e: setattr(e, "model", "cnn"), "keras engine"),
    ],
)
def test_bad_values_name_the_field_and_range(edit, fragment):
    exp = Experiment()
    edit(exp)
    with pytest.raises(SpecError, match=None) as info:
        exp.validate()
    assert fragment in str(info.value)


def test_unknown_json_field_is_named():
    with pytest.raises(SpecError, match="unknown field optimizer.learning_rate"):
        Experiment.from_dict({"optimizer": {"learning_rate": 0.1}})


def test_unreadable_and_invalid_files_name_the_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(SpecError, match="bad.json.*not valid JSON"):
        Experiment.load(bad)
    with pytest.raises(SpecError, match="cannot read experiment file"):
        Experiment.load(tmp_path / "missing.json")
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"training": {"epochs": 0}}))
    with pytest.raises(SpecError, match="wrong.json: training.epochs must be in"):
        Experiment.load(wrong)


def test_copy_is_deep():
    exp = Experiment()
    twin = exp.copy()
    twin.layers[0].units = 99
    twin.data.features.append("x1x2")
    assert exp.layers[0].units == 4 and exp.data.features == ["x1", "x2"]


def test_added_points_round_trip_and_join_the_training_set(tmp_path):
    from engine.data.datasets import DataError, load_dataset

    exp = Experiment()
    exp.data.added_points = [[1.0, 2.0, 1], [-3.0, 0.5, 0]]
    path = tmp_path / "exp.json"
    exp.save(path)
    loaded = Experiment.load(path)
    assert loaded.data.added_points == [[1.0, 2.0, 1], [-3.0, 0.5, 0]]
    plain = load_dataset(Experiment().data)
    data = load_dataset(loaded.data)
    assert data.n_train == plain.n_train + 2
    assert data.x_train[-2:].tolist() == [[1.0, 2.0], [-3.0, 0.5]]
    assert data.y_train[-2:].tolist() == [1, 0]
    exp.data.added_points = [[0.0, 0.0, 5]]
    with pytest.raises(DataError, match="class 5, but circle has only 2 classes"):
        load_dataset(exp.data)
    exp.data.added_points = [[0.0, "a", 1]]
    with pytest.raises(SpecError, match=r"data.added_points\[0\] must be \[x, y, label\]"):
        exp.validate()


# ----- hostile files: wrong types, deep nesting, huge strings --------------------------------
WRONG_TYPES = [
    ('{"data":{"features":5}}', "data.features must be a list of strings"),
    ('{"data":{"added_points":5}}', "data.added_points must be a list"),
    ('{"data":{"name":"csv","path":5}}', "data.path must be a string or null"),
    ('{"data":{"name":"mnist","path":["a"]}}', "data.path must be a string or null"),
    ('{"augment":"yes"}', "augment must be true or false"),
    ('{"seed":true}', "seed must be a whole number"),
    ('{"layers":[{"units":"4"}]}', "layers[0].units must be a whole number"),
    ('{"optimizer":{"lr":"0.1"}}', "optimizer.lr must be a number"),
    ('{"training":[]}', "training must be a JSON object"),
    ("[" * 5000 + "]" * 5000, "nested too deeply"),
    ('{"a":' * 5000 + "1" + "}" * 5000, "nested too deeply"),
    ('{"preset":"' + "x" * 50_000 + '"}', "preset is 50,000 characters long"),
]


@pytest.mark.parametrize("text, message", WRONG_TYPES, ids=[m for _, m in WRONG_TYPES])
def test_a_wrongly_typed_experiment_is_refused_by_field_name(text, message):
    with pytest.raises(SpecError, match=re.escape(message)):
        Experiment.from_json(text).validate()


def test_an_oversized_experiment_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.json"
    path.write_text('{"preset": "' + "x" * 1_100_000 + '"}')
    with pytest.raises(SpecError, match=r"huge\.json.*at most 1,000,000 bytes"):
        Experiment.load(path)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
_field_names = st.sampled_from(
    ["engine", "model", "data", "layers", "loss", "optimizer", "training", "seed", "augment"]
)
_sub_names = st.sampled_from(
    ["name", "points", "features", "path", "added_points", "lr", "units", "batch_size", "init"]
)


@given(
    st.dictionaries(
        _field_names,
        _json | st.dictionaries(_sub_names, _json) | st.lists(st.dictionaries(_sub_names, _json)),
        max_size=4,
    )
)
@settings(max_examples=300, deadline=None)
def test_any_json_either_loads_or_fails_with_a_spec_error(raw):
    try:
        Experiment.from_json(json.dumps(raw)).validate()
    except SpecError:
        pass

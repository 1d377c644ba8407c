"""The Fashion-MNIST and CIFAR-10 presets build for their sets' picture shapes and train on the
generated stand-ins; the Keras augmentation flips clothes and photos, never digits or a
user's folder."""

from __future__ import annotations

import pytest

from engine.data.datasets import load_dataset
from engine.experiment.presets import PRESETS, preset
from engine.experiment.spec import DataSpec, Experiment, LayerSpec
from engine.training.trainer import Trainer
from tests.fake_image_sets import write_cifar_folder, write_fashion_idx, write_image_folder
from tests.keras_backend import needs_keras

IMAGE_PRESETS = {
    "fashion-small-cnn": ("fashion_mnist", (28, 28, 1)),
    "fashion-cnn": ("fashion_mnist", (28, 28, 1)),
    "cifar-small-cnn": ("cifar10", (32, 32, 3)),
    "cifar-cnn": ("cifar10", (32, 32, 3)),
}


@pytest.mark.parametrize("name", sorted(IMAGE_PRESETS))
def test_image_set_presets_hold_out_a_tenth_to_validate(name):
    exp = preset(name).validate()
    assert exp.data.name == IMAGE_PRESETS[name][0] and exp.engine == "keras"
    assert exp.model == "cnn" and exp.data.validation_split == 0.1
    assert "Validates on 10 % of the training images" in " ".join(PRESETS[name].__doc__.split())
    # only CIFAR-10's stronger preset augments: Fashion-MNIST's pictures are centred and upright
    assert exp.augment == (name == "cifar-cnn")


@needs_keras
@pytest.mark.parametrize("name", sorted(IMAGE_PRESETS))
def test_image_set_presets_build_for_their_shape(name):
    from engine.models.keras.model import KerasModel

    shape = IMAGE_PRESETS[name][1]
    model = KerasModel(preset(name), shape, 10).model
    assert model.input_shape == (None, *shape) and model.output_shape == (None, 10)


@needs_keras
def test_augmentation_flips_only_clothes_and_photos():
    from engine.models.keras.model import augmentation_layers

    def flips(name):
        return any("Flip" in type(la).__name__ for la in augmentation_layers(0, name))

    assert flips("fashion_mnist") and flips("cifar10")
    assert not flips("mnist") and not flips("folder")


@needs_keras
def test_presets_train_on_the_stand_ins(tmp_path):
    paths = {
        "fashion-cnn": write_fashion_idx(tmp_path / "fm", n_train=80, n_test=20),
        "cifar-small-cnn": write_cifar_folder(tmp_path / "cifar", per_batch=16, n_test=20),
    }
    for name, path in paths.items():
        exp = preset(name)
        exp.data.path = str(path)
        exp.training.batch_size = 32
        trainer = Trainer(exp, load_dataset(exp.data, allow_download=False))
        assert trainer.x_train.shape[1:] == IMAGE_PRESETS[name][1]  # (h, w, c) for the CNN
        report, _ = trainer.step()
        assert report.loss == report.loss  # a number, not NaN


@needs_keras
def test_keras_mlp_augments_a_folder_of_colour_pictures(tmp_path):
    root = write_image_folder(tmp_path / "pics", per_class=6)
    exp = Experiment(
        engine="keras",
        data=DataSpec(name="folder", path=str(root)),
        layers=[LayerSpec(units=8, activation="relu")],
        loss="categorical_crossentropy",
    )
    exp.augment = True
    data = load_dataset(exp.data)
    trainer = Trainer(exp, data)
    assert trainer.x_train.shape[1:] == (24 * 24 * 3,)  # the MLP gets flattened pixels
    reshape = trainer.model.model.layers[0]
    assert type(reshape).__name__ == "Reshape" and reshape.target_shape == (24, 24, 3)
    trainer.step()

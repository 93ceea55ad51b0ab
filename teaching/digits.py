"""Real handwritten digits, offline: scikit-learn's bundled 8x8 digits.

The images are a file shipped inside the scikit-learn package (the one
``sklearn.datasets.load_digits`` reads; this module reads it directly, which
spares the seconds scikit-learn's import takes), so nothing is ever downloaded.
The data: 1,797 images of 8x8
pixels, values 0 to 16, ten classes (the digits 0-9).  Source: the test set of
the UCI Machine Learning Repository's "Optical Recognition of Handwritten
Digits" (E. Alpaydin, C. Kaynak, 1998), licence CC BY 4.0.

``load(test_size, seed)`` scales the pixels to [0, 1] and splits the images
into a training and a test set by a seeded shuffle: the same seed gives the
same split.  Every call returns new arrays.
"""

import gzip
import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

__all__ = ["Digits", "load", "validation_split", "SOURCE", "IMAGE_SHAPE", "PIXEL_MAX"]

SOURCE = ("scikit-learn's bundled copy of the UCI \"Optical Recognition of Handwritten Digits\" "
          "test set (Alpaydin and Kaynak, 1998; CC BY 4.0)")
IMAGE_SHAPE = (8, 8)
PIXEL_MAX = 16.0     # pixels are counts of set bits in 4x4 blocks of a 32x32 bitmap: 0..16


@dataclass(frozen=True)
class Digits:
    """A train/test split: x_* of shape (N, 64) in [0, 1], t_* class indices (N,).  A split
    made by ``validation_split`` also names its held-out digits ``x_val``, ``t_val``."""
    x_train: np.ndarray
    t_train: np.ndarray
    x_test: np.ndarray
    t_test: np.ndarray
    held_out: str = "test"     # what x_test, t_test are: "test", or "validation" digits

    @property
    def x_val(self):
        """The validation images, for a split made by ``validation_split`` (``x_test``)."""
        return self._validation("x")

    @property
    def t_val(self):
        """The validation labels, for a split made by ``validation_split`` (``t_test``)."""
        return self._validation("t")

    def _validation(self, part):
        if self.held_out != "validation":
            raise AttributeError(f"{part}_val: these Digits hold test digits, not validation "
                                 f"digits; use {part}_test, or digits.validation_split(...)")
        return self.x_test if part == "x" else self.t_test

    def __repr__(self):
        return (f"Digits({len(self.x_train)} training and {len(self.x_test)} {self.held_out} "
                f"images "
                f"of {IMAGE_SHAPE[0]}x{IMAGE_SHAPE[1]} pixels, 10 classes)")


def _bundled_file():
    """The path of scikit-learn's digits.csv.gz, found without importing scikit-learn
    (its import takes seconds, and only this file is needed); None if not there."""
    spec = importlib.util.find_spec("sklearn")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "datasets" / "data" / "digits.csv.gz"
        if path.is_file():
            return path
    return None


@lru_cache(maxsize=1)
def _raw():
    path = _bundled_file()
    if path is not None:
        # what sklearn.datasets.load_digits reads: one row per image, 64 pixels then the label
        with gzip.open(path, "rt") as f:
            table = np.loadtxt(f, delimiter=",")
        images, labels = table[:, :-1], table[:, -1]
    else:   # a scikit-learn that keeps the file elsewhere: ask it
        from sklearn.datasets import load_digits
        bunch = load_digits()
        images, labels = bunch.data, bunch.target
    images = images.astype(np.float64)
    labels = labels.astype(np.int64)
    images.setflags(write=False)
    labels.setflags(write=False)
    return images, labels


def load(test_size=400, seed=0):
    """The digits scaled to [0, 1], split by a seeded shuffle into train and test."""
    images, labels = _raw()
    n = len(images)
    if not isinstance(test_size, (int, np.integer)) or isinstance(test_size, bool) \
            or not 0 < test_size < n:
        raise ValueError(f"digits.load: test_size must be a whole number in 1..{n - 1}, "
                         f"got {test_size!r}")
    order = np.random.default_rng(seed).permutation(n)
    test, train = order[:test_size], order[test_size:]
    x = images / PIXEL_MAX
    return Digits(x[train], labels[train].copy(), x[test], labels[test].copy())


def validation_split(data, size=300):
    """The training digits of ``data`` split again: the first ``size`` (already in shuffled
    order) become validation digits, in the places of ``x_test, t_test``, the rest stay
    training digits; the test digits are left out.  Choices (learning rate, starting scale,
    epochs) are made on these, so the test digits are looked at once, at the end."""
    if not isinstance(size, (int, np.integer)) or isinstance(size, bool) \
            or not 0 < size < len(data.x_train):
        raise ValueError(f"validation_split: size must be a whole number in "
                         f"1..{len(data.x_train) - 1}, got {size!r}")
    return Digits(data.x_train[size:].copy(), data.t_train[size:].copy(),
                  data.x_train[:size].copy(), data.t_train[:size].copy(), held_out="validation")

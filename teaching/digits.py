"""Real handwritten digits, offline: scikit-learn's bundled 8x8 digits.

``sklearn.datasets.load_digits`` reads a file shipped inside the scikit-learn
package, so nothing is ever downloaded.  The data: 1,797 images of 8x8
pixels, values 0 to 16, ten classes (the digits 0-9).  Source: the test set of
the UCI Machine Learning Repository's "Optical Recognition of Handwritten
Digits" (E. Alpaydin, C. Kaynak, 1998), licence CC BY 4.0.

``load(test_size, seed)`` scales the pixels to [0, 1] and splits the images
into a training and a test set by a seeded shuffle: the same seed gives the
same split.  Every call returns new arrays.
"""

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

__all__ = ["Digits", "load", "SOURCE", "IMAGE_SHAPE", "PIXEL_MAX"]

SOURCE = ("scikit-learn's bundled copy of the UCI \"Optical Recognition of Handwritten Digits\" "
          "test set (Alpaydin and Kaynak, 1998; CC BY 4.0)")
IMAGE_SHAPE = (8, 8)
PIXEL_MAX = 16.0     # pixels are counts of set bits in 4x4 blocks of a 32x32 bitmap: 0..16


@dataclass(frozen=True)
class Digits:
    """A train/test split: x_* of shape (N, 64) in [0, 1], t_* class indices (N,)."""
    x_train: np.ndarray
    t_train: np.ndarray
    x_test: np.ndarray
    t_test: np.ndarray

    def __repr__(self):
        return (f"Digits({len(self.x_train)} training and {len(self.x_test)} test images "
                f"of {IMAGE_SHAPE[0]}x{IMAGE_SHAPE[1]} pixels, 10 classes)")


@lru_cache(maxsize=1)
def _raw():
    from sklearn.datasets import load_digits   # imported here: only this module needs it
    bunch = load_digits()
    images = bunch.data.astype(np.float64)
    labels = bunch.target.astype(np.int64)
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

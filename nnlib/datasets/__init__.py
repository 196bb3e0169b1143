"""Data sets: the classic tutorials' toy data, 2-D sets for plots, and MNIST."""

from .idx import MNIST_FILES, MNISTDataError, read_idx
from .mnist import MNISTNotFoundError, find_mnist_dir, load_mnist
from .toy import (LETTER_SHAPE, TOY_DATASETS, letters, load_toy, logic_gate, make_circles,
                  make_curve, make_moons, make_separable, make_spirals, make_xor_blobs,
                  noisy_letters, truth_table, xor3)

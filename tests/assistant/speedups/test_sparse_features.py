"""Two messages' sparse features are joined side by side exactly as
`scipy.sparse.hstack` joins them (assistant/speedups/sparse_features.py), and what is
not a pair of COO matrices of one dtype is left to Rasa."""
from __future__ import annotations


import numpy as np
import pytest
import scipy.sparse as sp
from rasa.shared.nlu.training_data.features import Features

from assistant.speedups import sparse_features
from assistant.speedups.sparse_features import hstack_coo


@pytest.fixture(autouse=True)
def as_before():
    """Each test starts with Rasa's own method, and leaves things as it found them."""
    was_installed = Features._combine_sparse_features is sparse_features._combine_sparse_features
    sparse_features.uninstall()
    yield
    sparse_features.uninstall()
    if was_installed:
        sparse_features.install()


def random_coo(rng, rows: int, columns: int, dtype) -> sp.coo_matrix:
    dense = (rng.random((rows, columns)) > 0.97) * rng.integers(1, 5, (rows, columns))
    return sp.coo_matrix(dense, dtype=dtype)


def assert_identical(found: sp.coo_matrix, expected: sp.coo_matrix) -> None:
    assert type(found) is type(expected)
    assert found.shape == expected.shape and found.dtype == expected.dtype
    for name in ("row", "col", "data"):
        assert getattr(found, name).dtype == getattr(expected, name).dtype, name
        np.testing.assert_array_equal(getattr(found, name), getattr(expected, name), err_msg=name)


@pytest.mark.parametrize("dtype", [np.int64, np.float32, np.float64])
def test_the_join_is_scipys_hstack_entry_for_entry(dtype):
    rng = np.random.default_rng(1)
    for rows, left, right in [(1, 300, 4000), (1, 1, 1), (4, 0, 20), (3, 50, 0), (0, 10, 10), (6, 700, 90)]:
        a, b = random_coo(rng, rows, left, dtype), random_coo(rng, rows, right, dtype)
        assert_identical(hstack_coo(a, b), sp.hstack([a, b]))


def features(matrix, origin: str) -> Features:
    return Features(matrix, "sentence", "text", origin)


def combined(left, right) -> Features:
    joined = features(left, "words")
    joined.combine_with_features(features(right, "chars"))
    return joined


def test_features_combine_to_what_rasas_method_gives_fingerprint_included():
    rng = np.random.default_rng(2)
    left, right = random_coo(rng, 1, 300, np.int64), random_coo(rng, 1, 5000, np.int64)
    reference = combined(left, right)
    reference_fingerprint = reference.fingerprint()
    sparse_features.install()
    calls = []
    sparse_features._original_combine, original = (lambda *a: calls.append(a) or original(*a)), sparse_features._original_combine
    try:
        joined = combined(left, right)
    finally:
        sparse_features._original_combine = original
    assert calls == []  # joined here, not by SciPy's block builder
    assert_identical(joined.features, reference.features)
    assert joined.fingerprint() == reference_fingerprint


@pytest.mark.parametrize(
    "left, right",
    [
        (sp.csr_matrix(np.eye(1, 5)), sp.csr_matrix(np.eye(1, 3))),  # not COO
        (sp.coo_matrix(np.eye(1, 5), dtype=np.int64), sp.coo_matrix(np.eye(1, 3), dtype=np.float32)),  # two dtypes
    ],
)
def test_anything_else_is_joined_by_rasa(left, right):
    reference = combined(left, right).features
    sparse_features.install()
    joined = combined(left, right).features
    assert type(joined) is type(reference) and joined.dtype == reference.dtype
    np.testing.assert_array_equal(joined.toarray(), reference.toarray())


def test_rows_that_do_not_match_get_rasas_error():
    sparse_features.install()
    with pytest.raises(ValueError, match="sequence dimensions do not match"):
        combined(sp.coo_matrix(np.eye(2, 5)), sp.coo_matrix(np.eye(1, 3)))


def test_install_is_idempotent_and_uninstall_gives_rasas_method_back():
    original = Features._combine_sparse_features
    assert original is not sparse_features._combine_sparse_features
    sparse_features.install()
    sparse_features.install()
    assert Features._combine_sparse_features is sparse_features._combine_sparse_features
    sparse_features.uninstall()
    assert Features._combine_sparse_features is original


def test_the_rasa_server_loads_its_model_with_this_join():
    from assistant import speedups

    speedups.install_all()  # what `python -m assistant.serve` does before Rasa loads the model
    assert Features._combine_sparse_features is sparse_features._combine_sparse_features

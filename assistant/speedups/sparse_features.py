"""Joining two messages' sparse features side by side without SciPy's `bmat`.

Before DIET and the ResponseSelector see a message, Rasa joins the sparse
features of our two count-vector featurisers (word and character n-grams) with
`scipy.sparse.hstack`. That goes through SciPy's general block-matrix builder,
which for two one-row matrices costs about 270 µs, four times the work of
joining them: about 5% of the Rasa server's event-loop thread under
`make bench` (py-spy, 20 users), for a few joins per message.

When both sides are COO matrices of the same dtype (what the count-vector
featurisers make), this joins their entries directly, in the order `bmat`
would: the left matrix's, then the right's with its columns shifted. The
result is the same COO matrix (entries, order, dtypes, shape). Anything else
goes to Rasa's own method, with its own errors.

Installed by `speedups.install_all()` (`python -m assistant.serve`), before
the server loads its model; `rasa train` keeps Rasa's method. Tested against
`scipy.sparse.hstack` in tests/assistant/speedups/test_sparse_features.py.
"""
from __future__ import annotations

from typing import Callable, Optional

import numpy as np
from rasa.shared.nlu.training_data.features import Features
from scipy.sparse import coo_matrix

_original_combine: Optional[Callable[..., None]] = None


def hstack_coo(left: coo_matrix, right: coo_matrix) -> coo_matrix:
    """`scipy.sparse.hstack([left, right])` for two COO matrices of one dtype."""
    columns = left.shape[1]
    index_dtype = np.promote_types(left.row.dtype, right.row.dtype)
    if columns + right.shape[1] > np.iinfo(index_dtype).max:
        index_dtype = np.int64
    row = np.concatenate((left.row, right.row)).astype(index_dtype, copy=False)
    col = np.concatenate((left.col.astype(index_dtype), right.col.astype(index_dtype) + columns))
    data = np.concatenate((left.data, right.data))
    return coo_matrix((data, (row, col)), shape=(left.shape[0], columns + right.shape[1]))


def _combine_sparse_features(self: Features, additional_features: Features) -> None:
    left, right = self.features, additional_features.features
    if (
        type(left) is coo_matrix
        and type(right) is coo_matrix
        and left.dtype == right.dtype
        and left.shape[0] == right.shape[0]
    ):
        self.features = hstack_coo(left, right)
        self._cached_fingerprint = None
    else:
        _original_combine(self, additional_features)


def install() -> None:
    """Join COO features directly in every `Features` (idempotent)."""
    global _original_combine
    if _original_combine is None:
        _original_combine = Features._combine_sparse_features
        Features._combine_sparse_features = _combine_sparse_features


def uninstall() -> None:
    """Rasa's own method again."""
    global _original_combine
    if _original_combine is not None:
        Features._combine_sparse_features = _original_combine
        _original_combine = None

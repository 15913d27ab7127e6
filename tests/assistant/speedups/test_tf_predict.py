"""A RasaModel's compiled prediction step is called directly once it has been
traced (assistant/speedups/tf_predict.py): the same outputs as through the
`tf.function`, and TensorFlow's own errors for inputs that do not fit."""
from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf
from rasa.utils.tensorflow.models import RasaModel

from assistant.speedups import tf_predict


class TinyModel(RasaModel):
    """Two inputs like Rasa's batches: features (last dimension fixed) and ids."""

    def __init__(self) -> None:
        super().__init__(random_seed=1)
        self.weights_ = tf.Variable([[1.0, -2.0], [0.5, 3.0], [2.0, 0.0]])
        self.calls = 0

    def batch_predict(self, batch_in):
        self.calls += 1  # counted when traced, not when the compiled step runs
        features, ids = batch_in
        return {"scores": tf.matmul(features, self.weights_), "count": tf.shape(ids)[0], "total": tf.reduce_sum(ids)}


def batch(rows: int) -> tuple:
    rng = np.random.default_rng(rows)
    return (rng.normal(size=(rows, 3)).astype(np.float32), np.arange(rows, dtype=np.int64))


def expected(batch_in: tuple) -> dict:
    features, ids = batch_in
    weights = np.array([[1.0, -2.0], [0.5, 3.0], [2.0, 0.0]], dtype=np.float32)
    return {"scores": features @ weights, "count": len(ids), "total": int(ids.sum())}


@pytest.fixture(autouse=True)
def as_before():
    """Each test starts with Rasa's own call, and leaves things as it found them."""
    was_installed = RasaModel._rasa_predict is tf_predict._rasa_predict
    tf_predict.uninstall()
    yield
    tf_predict.uninstall()
    if was_installed:
        tf_predict.install()


@pytest.fixture
def installed():
    tf_predict.install()


def assert_same(outputs: dict, reference: dict) -> None:
    assert set(outputs) == set(reference)
    np.testing.assert_allclose(outputs["scores"], reference["scores"], rtol=1e-6)
    assert int(outputs["count"]) == reference["count"]
    assert int(outputs["total"]) == reference["total"]


def test_after_the_first_call_the_compiled_step_is_called_directly(installed):
    model = TinyModel()
    assert_same(model._rasa_predict(batch(2)), expected(batch(2)))
    assert type(model._tf_predict_step) is tf_predict.FlatCall
    dispatched = []
    function = model._tf_predict_step.function
    model._tf_predict_step.function = lambda batch_in: dispatched.append(batch_in) or function(batch_in)
    for rows in (1, 5, 17):  # other shapes: the same compiled function, not traced again
        assert_same(model._rasa_predict(batch(rows)), expected(batch(rows)))
    assert model.calls == 1
    assert dispatched == []  # none of them went through the tf.function's dispatch
    with pytest.raises(ValueError):
        model._rasa_predict(batch(2)[:1])
    assert len(dispatched) == 1  # what does not fit goes there, for TensorFlow's own error


def test_the_direct_call_gives_what_the_tf_function_gives(installed):
    model = TinyModel()
    model._rasa_predict(batch(3))
    flat = model._tf_predict_step
    for rows in (1, 4, 9):
        direct = flat(batch(rows))
        through_tf = flat.function(batch(rows))
        assert_same({k: v.numpy() for k, v in direct.items()}, {k: v.numpy() for k, v in through_tf.items()})


def test_inputs_that_do_not_fit_the_signature_get_tensorflows_own_error(installed):
    model = TinyModel()
    model._rasa_predict(batch(2))
    flat = model._tf_predict_step
    features, ids = batch(2)
    with pytest.raises(ValueError, match="input_signature|Structure"):
        flat((features,))  # an input missing
    with pytest.raises(ValueError, match="input_signature"):
        flat((features[:, :2], ids))  # the fixed last dimension differs
    with pytest.raises(ValueError, match="input_signature"):
        flat((features[None], ids))  # another rank
    # what TensorFlow converts (float64 to the signature's float32), it converts here too
    wider = (features.astype(np.float64), ids)
    np.testing.assert_array_equal(flat(wider)["scores"].numpy(), flat.function(wider)["scores"].numpy())


def test_a_function_without_a_signature_is_refused():
    with pytest.raises(ValueError, match="input_signature"):
        tf_predict.FlatCall(tf.function(lambda x: x))


def test_install_is_idempotent_and_uninstall_gives_rasas_call_back():
    original = RasaModel._rasa_predict
    assert original is not tf_predict._rasa_predict
    tf_predict.install()
    tf_predict.install()
    try:
        assert RasaModel._rasa_predict is tf_predict._rasa_predict
    finally:
        tf_predict.uninstall()
    assert RasaModel._rasa_predict is original
    model = TinyModel()
    assert_same(model._rasa_predict(batch(2)), expected(batch(2)))
    model._rasa_predict(batch(3))
    assert not isinstance(model._tf_predict_step, tf_predict.FlatCall)


def test_the_rasa_server_loads_its_model_with_this_call():
    from assistant import speedups

    speedups.install_all()  # what `python -m assistant.serve` does before Rasa loads the model
    assert RasaModel._rasa_predict is tf_predict._rasa_predict

"""Calling DIET's and the ResponseSelector's compiled prediction step directly.

Rasa 3.6 compiles each model's `predict_step` once, as a `tf.function` with a
fixed input signature (every dimension that can vary is left open), so there is
only ever one compiled function. Yet every call through the `tf.function`
object goes through TensorFlow's general dispatch: it flattens and checks the
arguments against the signature, builds a type key for them and looks the
compiled function up again, and only then runs it. For one message that
bookkeeping cost more than the model itself: 13% of the Rasa server's
event-loop thread under `make bench` (py-spy, 20 users), against 4% for
running the graph. One parse calls it twice (DIET, then the selector).

This module keeps Rasa's `_rasa_predict` and everything it does, and replaces
only the call: after the first call (which traces the function, as before),
each model's step becomes a `FlatCall`, which every later call goes through. It converts the batch's arrays to
tensors the way TensorFlow does (`dtype_hint` from the signature), checks each
against its spec, and calls the one compiled function with the flat list of
tensors. Anything that does not fit (another number of inputs, a dtype or rank
the signature does not accept) goes to the `tf.function` itself, which raises
TensorFlow's own error.

Installed by `speedups.install_all()` (`python -m assistant.serve`), before
the server loads its model. Training does not use `_rasa_predict`.
tests/model/test_tf_predict.py checks that every parse on the trained model is
the same with and without it. `FlatCall` uses `ConcreteFunction._call_flat`, a
private method of TensorFlow 2.12 (pinned in requirements/rasa.lock): re-run
tests/assistant/speedups/test_tf_predict.py and tests/model on any TensorFlow upgrade.
"""
from __future__ import annotations

from typing import Any, Callable, Optional, Sequence

import tensorflow as tf
from rasa.utils.tensorflow.models import RasaModel
from tensorflow.python.framework import ops

_original_rasa_predict: Optional[Callable[..., Any]] = None


class FlatCall:
    """A `tf.function` with an input signature, called without its dispatch."""

    def __init__(self, function: Any) -> None:
        if function.input_signature is None:
            raise ValueError("FlatCall needs a tf.function with an input_signature")
        self.function = function
        self._specs = tf.nest.flatten(function.input_signature, expand_composites=True)
        self._concrete = function.get_concrete_function()
        self._captured = self._concrete.captured_inputs

    def __call__(self, batch_in: Sequence[Any]) -> Any:
        specs = self._specs
        if len(batch_in) != len(specs):
            return self.function(batch_in)
        tensors = [ops.convert_to_tensor(value, dtype_hint=spec.dtype) for value, spec in zip(batch_in, specs)]
        for spec, tensor in zip(specs, tensors):
            if not spec.is_compatible_with(tensor):
                return self.function(batch_in)
        return self._concrete._call_flat(tensors, self._captured)


def _rasa_predict(self: RasaModel, batch_in: Any) -> Any:
    outputs = _original_rasa_predict(self, batch_in)
    step = self._tf_predict_step  # created (and traced) by the first call
    if step is not None and not isinstance(step, FlatCall) and getattr(step, "input_signature", None) is not None:
        self._tf_predict_step = FlatCall(step)
    return outputs


def install() -> None:
    """Route every RasaModel's prediction through `FlatCall` (idempotent)."""
    global _original_rasa_predict
    if _original_rasa_predict is None:
        _original_rasa_predict = RasaModel._rasa_predict
        RasaModel._rasa_predict = _rasa_predict


def uninstall() -> None:
    """Rasa's own `_rasa_predict` again (models already wrapped keep their `FlatCall`)."""
    global _original_rasa_predict
    if _original_rasa_predict is not None:
        RasaModel._rasa_predict = _original_rasa_predict
        _original_rasa_predict = None

"""The graph runner gives exactly what Rasa's dask runner gives, node for node.

These run small graphs through both; tests/model/test_graph_runner.py compares
them on the trained model."""
from __future__ import annotations

from typing import Any, Dict, List, Text

import pytest
from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import ExecutionContext, GraphComponent, GraphSchema, SchemaNode
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.engine.storage.local_model_storage import LocalModelStorage

from assistant.speedups.graph_runner import OrderedGraphRunner

CALLS: List[Text] = []


class Step(GraphComponent):
    """Adds its amount to what it was given, and records that it ran."""

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        self.amount, self.name = config["amount"], name

    @classmethod
    def create(cls, config, model_storage, resource, execution_context):
        return cls(config, resource.name)

    def run(self, first: Any = 0, second: Any = 0) -> Any:
        CALLS.append(self.name)
        if isinstance(first, str) or isinstance(second, str):
            return f"{first}+{second}"
        return first + second + self.amount


def node(amount: int, **needs: Text) -> SchemaNode:
    return SchemaNode(needs=needs, uses=Step, constructor_name="create", fn="run", config={"amount": amount})


# a diamond: top needs left and right, which both need base, which needs the input
DIAMOND = GraphSchema({
    "base": node(1, first="__input__"),
    "left": node(10, first="base"),
    "right": node(100, first="base"),
    "top": node(1000, first="left", second="right"),
    "unused": node(5, first="__input__"),
})


def runners(schema: GraphSchema, tmp_path) -> tuple:
    made = []
    for cls, where in ((OrderedGraphRunner, "ordered"), (DaskGraphRunner, "dask")):
        storage = LocalModelStorage(tmp_path / where)
        made.append(cls.create(schema, storage, ExecutionContext(graph_schema=schema, model_id="test")))
    return tuple(made)


@pytest.mark.parametrize(
    "inputs, targets",
    [
        ({"__input__": 2}, ["top"]),
        ({"__input__": 2}, ["left", "right"]),
        ({"__input__": 2}, ["base"]),
        ({"__input__": 2}, ["__input__"]),  # a target that is an input
        ({"__input__": 2, "left": 7}, ["top"]),  # an input in place of a node
    ],
)
def test_it_returns_what_the_dask_runner_returns(tmp_path, inputs, targets):
    ordered, dask = runners(DIAMOND, tmp_path)
    assert ordered.run(dict(inputs), targets) == dask.run(dict(inputs), targets)


def test_each_needed_node_runs_once_after_what_it_needs_and_nothing_else_runs(tmp_path):
    ordered, _ = runners(DIAMOND, tmp_path)
    CALLS.clear()
    assert ordered.run({"__input__": 2}, ["top"]) == {"top": 13 + 103 + 1000}
    assert sorted(CALLS) == ["base", "left", "right", "top"]
    assert CALLS[0] == "base" and CALLS[-1] == "top"


def test_the_order_is_worked_out_once_per_set_of_targets(tmp_path):
    ordered, _ = runners(DIAMOND, tmp_path)
    for value in (1, 2, 3):
        assert ordered.run({"__input__": value}, ["base"]) == {"base": value + 1}
    ordered.run({"__input__": 1}, ["top"])
    assert len(ordered._plans) == 2


def test_an_input_whose_value_is_a_node_name_is_refused_as_by_dask(tmp_path):
    ordered, dask = runners(DIAMOND, tmp_path)
    for runner in (ordered, dask):
        with pytest.raises(GraphRunError):
            runner.run({"__input__": "base"}, ["top"])


def test_a_missing_input_is_refused_as_by_dask(tmp_path):
    for runner in runners(DIAMOND, tmp_path):
        with pytest.raises(GraphRunError, match="Missing input"):
            runner.run({}, ["top"])


def test_a_failing_node_fails_the_run_as_under_dask(tmp_path):
    ordered, dask = runners(DIAMOND, tmp_path)
    errors = []
    for runner in (ordered, dask):
        with pytest.raises(Exception) as caught:
            runner.run({"__input__": None}, ["top"])  # None + 0 + 1 fails in the component
        errors.append(type(caught.value))
    assert errors[0] == errors[1]


def test_the_rasa_server_loads_its_model_with_this_runner():
    import rasa.core.processor

    from assistant import speedups

    speedups.install_all()  # what `python -m assistant.serve` does before Rasa loads the model

    assert rasa.core.processor.DaskGraphRunner is OrderedGraphRunner

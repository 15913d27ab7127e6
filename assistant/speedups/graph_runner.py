"""Running the model's graph node by node, in a fixed order, without dask.

Rasa 3.6 runs its graph (the NLU pipeline for each message, the policies for
each prediction of the next action) with `dask.get`. On every call it works out
again which nodes the targets need (recursively, without remembering shared
branches), builds a dask graph and hands it to dask's scheduler, which starts
and tracks a task for each node. A turn does this three or four times. Under
load that bookkeeping was 7.5% of the Rasa server's event-loop thread (py-spy
under `make bench`, 20 users), and that thread is what limits one server.

The graph does not change once the model is loaded, so this runner works out
the order once for each set of targets and then calls the same nodes (Rasa's
`GraphNode`s, with their hooks) one after another, in the calling thread, as
dask's synchronous scheduler does. What each node receives follows dask's
rules: the output of each node it needs, the inputs passed to `run()` in place
of any node or placeholder of the same name, and the bare name for anything
that is neither (the node then logs it, as under dask).

Installed by `speedups.install_all()` (`python -m assistant.serve`), before
the server loads its model. `rasa train` and `rasa test` keep dask.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import GraphNode
from rasa.engine.runner.dask import DaskGraphRunner

_Plan = List[Tuple[Text, GraphNode, Tuple[Text, ...]]]


class OrderedGraphRunner(DaskGraphRunner):
    """Rasa's graph runner, without dask's per-call scheduling."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plans: Dict[Tuple[Text, ...], _Plan] = {}

    def _plan(self, targets: Tuple[Text, ...]) -> _Plan:
        """The nodes the targets need, each after the nodes it needs."""
        plan = self._plans.get(targets)
        if plan is not None:
            return plan
        nodes = self._graph_schema.nodes
        order: List[Text] = []
        done: set = set()

        def visit(name: Text, path: Tuple[Text, ...]) -> None:
            if name in done or name not in nodes:
                return  # already planned, or an input placeholder
            if name in path:
                raise GraphRunError(f"The graph has a cycle through '{name}'.")
            for needed in nodes[name].needs.values():
                visit(needed, path + (name,))
            done.add(name)
            order.append(name)

        for target in targets:
            visit(target, ())
        plan = [(name, self._instantiated_nodes[name], tuple(nodes[name].needs.values())) for name in order]
        self._plans[targets] = plan
        return plan

    def run(
        self,
        inputs: Optional[Dict[Text, Any]] = None,
        targets: Optional[List[Text]] = None,
    ) -> Dict[Text, Any]:
        """Runs the graph (see Rasa's `GraphRunner.run`)."""
        run_targets = tuple(targets if targets else self._graph_schema.target_names)
        plan = self._plan(run_targets)
        results: Dict[Text, Any] = {}
        for name, value in (inputs or {}).items():
            if isinstance(value, str) and (value in results or any(value == planned for planned, _, _ in plan)):
                raise GraphRunError(
                    f"Input value '{value}' clashes with a node name. Make sure "
                    f"that none of the input names passed to the `run` method are the "
                    f"same as node names in the graph schema."
                )
            results[name] = (name, value)
        try:
            for name, node, needs in plan:
                if name not in results:  # an input of the same name replaces the node
                    results[name] = node(*(results.get(needed, needed) for needed in needs))
        except RuntimeError as e:
            raise GraphRunError("Error running runner.") from e
        return dict(results[target] for target in run_targets)


def install() -> None:
    """Makes the Rasa server load its model with this runner."""
    import rasa.core.processor

    rasa.core.processor.DaskGraphRunner = OrderedGraphRunner

"""Four patches of private Rasa 3.6 and TensorFlow 2.12 internals that make a
turn cheaper, with one install point: `install_all()`, called by
`python -m assistant.serve` (the Rasa server's entry) and by nothing else.

Each patch replaces one internal with code that gives the same result faster
(docs/adr/0001-speedups.md says what each replaces and saves). They reach into
private code, so they go in only on the versions they were written and tested
against (`PINS`, the versions in requirements/rasa.lock). On any other version
`install_all()` installs none of them, logs why, and Rasa runs as shipped:
slower, never wrong.

This package imports Rasa only inside `install_all()`, so that checking the
versions never loads Rasa's internals.
"""
from __future__ import annotations

import logging
from importlib import metadata
from typing import Callable, Dict, List, Optional, Text

logger = logging.getLogger(__name__)

# The versions each patch was written against; requirements/rasa.lock pins them.
PINS: Dict[Text, Text] = {"rasa": "3.6.21", "tensorflow": "2.12.0"}


def installed_versions() -> Dict[Text, Optional[Text]]:
    versions: Dict[Text, Optional[Text]] = {}
    for package in PINS:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return versions


def mismatches(versions: Dict[Text, Optional[Text]]) -> List[Text]:
    """Packages whose installed version is not the pinned one, as `name x (pinned y)`."""
    return [
        f"{package} {versions.get(package) or 'not installed'} (pinned {pinned})"
        for package, pinned in PINS.items()
        if versions.get(package) != pinned
    ]


def _installers() -> Dict[Text, Callable[[], None]]:
    from assistant.speedups import action_validation, graph_runner, sparse_features, tf_predict

    return {
        "action_validation": action_validation.install,
        "graph_runner": graph_runner.install,
        "tf_predict": tf_predict.install,
        "sparse_features": sparse_features.install,
    }


def install_all(versions: Optional[Dict[Text, Optional[Text]]] = None) -> List[Text]:
    """Install every patch if Rasa and TensorFlow are the pinned versions; return their names.

    On any other version none is installed (an empty list) and a warning says why.
    """
    wrong = mismatches(installed_versions() if versions is None else versions)
    if wrong:
        logger.warning("Speed-ups not installed: they were written for other versions: %s.", "; ".join(wrong))
        return []
    installed = []
    for name, install in _installers().items():
        install()
        installed.append(name)
    logger.info("Speed-ups installed: %s.", ", ".join(installed))
    return installed

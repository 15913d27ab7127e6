"""The Rasa server's entry: `python -m assistant.serve run --enable-api ...`.

The same arguments as `rasa`, with one step first: `speedups.install_all()`,
which installs the speed-ups (assistant/speedups/) on the pinned Rasa and
TensorFlow versions and none on any other. The Procfile, deploy/compose.yml and
the test stack (tests/integration/stack.py) start Rasa this way; `rasa train`
and `rasa test` are run as shipped.
"""
from __future__ import annotations

import sys

from assistant import speedups


def main() -> None:
    installed = speedups.install_all()
    print(f"assistant.serve: speed-ups installed: {', '.join(installed) or 'none (see the warning above)'}", file=sys.stderr)
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()

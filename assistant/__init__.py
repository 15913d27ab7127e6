"""Rasa-side extensions of the Prevent assistant, in the order a message meets them:

- runtime/   the input channel the gateway posts to, the conversation-length limit,
             and the tracker and lock stores;
- nlu/       the NLU pipeline's own components (config.yml), ending with the
             emergency layer and the gates after it;
- safety/    the emergency rule itself, with no Rasa imports (the gateway uses it too);
- speedups/  patches of private Rasa and TensorFlow internals, installed only by
             `python -m assistant.serve` and only on the pinned versions.

This file must stay free of imports. The gateway runs on Python 3.11 without Rasa
and imports `assistant.safety.urgency`; Python runs this file first, so an import
here (of Rasa, or of a module that needs it) would break the gateway, or make
it load Rasa's dependencies it does not have. tests/assistant/test_package.py checks.
"""

"""Rasa-side extensions of the Prevent assistant: the gateway input channel and
the NLU components that run inside the Rasa server (Python 3.10 venv)."""

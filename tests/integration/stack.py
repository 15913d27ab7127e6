"""Starts the real three services (actions, Rasa, gateway) on free ports.

Used by the integration tests and `make bench`. Each service is a real process
from its own venv; the tracker store is a real SQLite file (or the URL given).
"""
from __future__ import annotations

import os
import secrets
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
RASA_VENV = ROOT / ".venv-rasa" / "bin"
GW_VENV = ROOT / ".venv" / "bin"
MODEL = ROOT / "var" / "models" / "prevent.tar.gz"


@dataclass
class Stack:
    workdir: Path
    tracker_url: str | None = None
    extra_env: dict = field(default_factory=dict)
    endpoints: str = "endpoints.yml"
    rasa_replicas: int = 1
    gateway_workers: int = 1
    rasa_port: int = field(default_factory=free_port)
    extra_rasa_ports: list = field(default_factory=list)
    actions_port: int = field(default_factory=free_port)
    bot_port: int = field(default_factory=free_port)
    procs: dict = field(default_factory=dict)
    model: Path = MODEL
    # Rasa takes messages only with this secret (credentials.yml, assistant/runtime/channel.py).
    webhook_secret: str = field(default_factory=lambda: secrets.token_hex(32))
    # `rasa run --auth-token` when set. The tests set one; `make bench` does not
    # yet, because evaluation/bench.py calls /model/parse without it.
    rasa_api_token: str | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.bot_port}"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def rasa_params(self) -> dict:
        """The query parameters Rasa's HTTP API needs (its auth token)."""
        return {"token": self.rasa_api_token} if self.rasa_api_token else {}

    @property
    def webhook_headers(self) -> dict:
        """The headers the channel needs to take a message (the gateway's secret)."""
        return {"X-Gateway-Secret": self.webhook_secret}

    @property
    def rasa_ports(self) -> list[int]:
        while len(self.extra_rasa_ports) < self.rasa_replicas - 1:
            self.extra_rasa_ports.append(free_port())
        return [self.rasa_port] + self.extra_rasa_ports

    @staticmethod
    def rasa_name(index: int) -> str:
        return "rasa" if index == 0 else f"rasa-{index + 1}"

    def env(self) -> dict:
        env = dict(os.environ)
        env.update(
            PYTHONPATH=str(ROOT),
            HF_HUB_OFFLINE="1",
            RASA_TELEMETRY_ENABLED="false",
            TF_CPP_MIN_LOG_LEVEL="2",
            SANIC_HOST="127.0.0.1",
            ACTION_ENDPOINT_URL=f"http://127.0.0.1:{self.actions_port}/webhook",
            ACTION_SERVER_URL=f"http://127.0.0.1:{self.actions_port}",
            TRACKER_URL=self.tracker_url or f"sqlite:///{self.workdir / 'tracker.db'}",
            RASA_URLS=",".join(f"http://127.0.0.1:{p}" for p in self.rasa_ports),
            BOT_HOST="127.0.0.1",
            BOT_PORT=str(self.bot_port),
            ENVIRONMENT="test",
            STAFF_TOKEN_SECRET="integration-test-secret-" + "x" * 20,
            # The tests (and the benchmark) send many messages from one address.
            RATE_LIMIT_PER_IP_PER_MINUTE="100000",
            RATE_LIMIT_PER_SESSION_PER_MINUTE="100000",
            RASA_WEBHOOK_SECRET=self.webhook_secret,
            RASA_API_TOKEN=self.rasa_api_token or "",
        )
        env.update(self.extra_env)
        return env

    def _spawn(self, name: str, argv: list[str]) -> None:
        log = open(self.workdir / f"{name}.log", "ab")
        self.procs[name] = subprocess.Popen(argv, cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT)

    def start_actions(self) -> None:
        self._spawn("actions", [str(RASA_VENV / "python"), "-m", "rasa_sdk", "--actions", "actions", "--port", str(self.actions_port)])

    def start_rasa(self, index: int = 0) -> None:
        subprocess.run([str(GW_VENV / "python"), "-m", "bot.storage.tracker_db"], cwd=ROOT, env=self.env(), check=True, capture_output=True)
        self._spawn(
            self.rasa_name(index),
            [str(RASA_VENV / "python"), "-m", "assistant.serve", "run", "--enable-api", "--interface", "127.0.0.1", "--port", str(self.rasa_ports[index]),
             "--model", str(self.model), "--credentials", "credentials.yml", "--endpoints", self.endpoints]
            + (["--auth-token", self.rasa_api_token] if self.rasa_api_token else []),
        )

    def start_gateway(self) -> None:
        self._spawn(
            "gateway",
            [str(GW_VENV / "uvicorn"), "bot.main:app", "--host", "127.0.0.1", "--port", str(self.bot_port),
             "--no-access-log", "--workers", str(self.gateway_workers)],
        )

    def start(self, timeout: float = 240) -> "Stack":
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.start_actions()
        for index in range(self.rasa_replicas):
            self.start_rasa(index)
        self.start_gateway()
        self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, proc in self.procs.items():
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} exited early; see {self.workdir / (name + '.log')}")
            try:
                rasa_up = all(
                    httpx.get(f"http://127.0.0.1:{p}/status", params=self.rasa_params, timeout=2).status_code == 200
                    for i, p in enumerate(self.rasa_ports)
                    if self.rasa_name(i) in self.procs
                )
                if rasa_up and httpx.get(f"{self.base}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(1)
        raise TimeoutError(f"the stack was not ready within {timeout}s; logs in {self.workdir}")

    def stop(self, name: str) -> None:
        proc = self.procs.pop(name, None)
        if proc and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def stop_all(self) -> None:
        for name in list(self.procs):
            self.stop(name)

    def logs(self) -> str:
        return "\n".join((p.read_text(errors="replace")) for p in sorted(self.workdir.glob("*.log")))

import secrets
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.integration.stack import MODEL, ROOT, Stack
from tests.scale.services import Postgres, Redis


@pytest.fixture(scope="session")
def postgres():
    # Not under pytest's own temporary folder: that is private to root, and
    # PostgreSQL runs as the postgres user.
    workdir = Path(tempfile.mkdtemp(prefix="prevent-pg-"))
    server = Postgres(workdir=workdir).start()
    yield server
    server.stop()
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def redis():
    server = Redis().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def scaled(tmp_path_factory, postgres, redis):
    """Two Rasa replicas on PostgreSQL + the Redis lock store, two gateway workers."""
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` first")
    stack = Stack(
        workdir=tmp_path_factory.mktemp("scaled"),
        tracker_url=postgres.url,
        endpoints=str(ROOT / "deploy" / "endpoints.scaled.yml"),
        rasa_replicas=2,
        gateway_workers=2,
        extra_env={"REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(redis.port)},
        rasa_api_token=secrets.token_hex(32),
    ).start()
    yield stack
    stack.stop_all()

import pytest

from tests.integration.stack import MODEL, Stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` first (make test does)")
    running = Stack(workdir=tmp_path_factory.mktemp("stack")).start()
    yield running
    running.stop_all()

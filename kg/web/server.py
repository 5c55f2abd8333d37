"""Serve a store: snapshot it, start the query workers, run the application with uvicorn.

Everything runs in this process except the query workers, which die with it (see
:mod:`kg.web.worker`); the snapshot is removed on a clean stop, and by the next server after
a crash (see :mod:`kg.web.snapshot`).
"""

from __future__ import annotations

import asyncio
import errno
import socket
from pathlib import Path
from typing import Callable

from kg.errors import StoreError
from kg.web.pool import Limits, Pool
from kg.web.snapshot import Snapshot, take

__all__ = ["serve", "bind"]


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``.

    Raises
    ------
    StoreError
        If the port is not a port number or is taken, or the host cannot be used.
    """
    if not 0 < port < 65536:
        raise StoreError(f"--port {port} is not a port number (1-65535)")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise StoreError(f"port {port} is already in use; pass another --port") from None
        raise StoreError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(False)
    return sock


def serve(store: str | Path, *, host: str = "127.0.0.1", port: int = 7878, limits: Limits = Limits(),
          ready: Callable[[Snapshot, Pool], None] | None = None) -> None:
    """Serve ``store`` read-only until SIGINT (KeyboardInterrupt) or SIGTERM.

    Parameters
    ----------
    store : str or Path
        The built store.
    host, port : str, int
        Where to listen.
    limits : Limits
        Per-query limits and the number of workers.
    ready : callable, optional
        Called with the snapshot and the started pool once requests are answered.

    Raises
    ------
    StoreError
        If there is no store, the port is taken, or a worker cannot open the snapshot.
    """
    import uvicorn

    from kg.web.app import create_app

    if limits.timeout <= 0:
        raise StoreError("the query timeout must be positive")
    if limits.max_concurrent < 1 or limits.max_rows < 1:
        raise StoreError("--max-concurrent and --max-rows must be at least 1")
    sock = bind(host, port)
    snapshot = take(Path(store))
    pool = Pool(snapshot.path, limits)

    async def main() -> None:
        await pool.start()
        config = uvicorn.Config(create_app(pool), log_level="warning", access_log=False, lifespan="off",
                                timeout_keep_alive=5, limit_concurrency=limits.max_concurrent * 8 + 16,
                                h11_max_incomplete_event_size=16 * 1024, server_header=False)
        server = uvicorn.Server(config)
        if ready is not None:
            asyncio.get_running_loop().call_soon(ready, snapshot, pool)
        await server.serve(sockets=[sock])

    try:
        asyncio.run(main())
    finally:
        pool.close()
        sock.close()
        snapshot.release()

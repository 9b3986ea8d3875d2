"""`navigator serve`: the web view on a production server, waitress, in one or more processes.

Why waitress: it is pure Python, multi-threaded, and buffers each whole request (and the response)
in its event loop before a thread runs the app, so a slow or idle client costs a socket and a few
bytes, never a thread; it closes idle connections after a timeout and bounds request sizes. That is
what gunicorn's sync workers lack (two half-sent requests took the site down): see docs/web.md.

`--workers N` forks N processes after the catalog is loaded and laid out (they share that memory),
all accepting on one listening socket; each runs waitress with `--threads` threads and its own
download render pool. The first process supervises: it restarts a worker that dies, stops them all
on SIGTERM or Ctrl-C, and the kernel stops them if it is killed outright (`PR_SET_PDEATHSIG`).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import UsageError

DEFAULT_THREADS = 8
MIN_THREADS = 2
MAX_THREADS = 256
MAX_WORKERS = 64
IDLE_TIMEOUT_S = 30  # a connection that sends nothing (a half-sent request included) is closed after this
MAX_CONNECTIONS = 1000  # per process; beyond this, new connections wait in the listen backlog
MAX_HEADER_BYTES = 64 * 1024
RESTARTS = 5  # a worker that dies this many times in a row within RESTART_WINDOW_S stops the server
RESTART_WINDOW_S = 10.0


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8050
    workers: int = 1
    threads: int = DEFAULT_THREADS


def listen(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (0: any free port), or a UsageError that says what to change."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError):
        raise UsageError(
            f"cannot listen on {host!r}: not an address of this machine; give one such as 127.0.0.1 or 0.0.0.0 "
            "with --host"
        ) from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # restart at once after a stop
        sock.bind(address)
        sock.listen(1024)
    except OSError as e:
        sock.close()
        if e.errno == errno.EADDRINUSE:
            raise UsageError(f"port {port} is in use on {host}; choose another with --port") from None
        if e.errno == errno.EACCES:
            raise UsageError(
                f"cannot listen on port {port} of {host}: permission denied (ports below 1024 need privileges); "
                "choose another with --port"
            ) from None
        if e.errno == errno.EADDRNOTAVAIL:
            raise UsageError(
                f"cannot listen on {host}: not an address of this machine; give one such as 127.0.0.1 or 0.0.0.0 "
                "with --host"
            ) from None
        raise UsageError(f"cannot listen on {host} port {port}: {e.strerror or e}") from None
    sock.setblocking(False)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def waitress_settings(threads: int) -> dict[str, Any]:
    """waitress's adjustments, each chosen for serving the web view to the public (docs/web.md)."""
    from .routes import MAX_REQUEST_BYTES

    return {
        "threads": threads,
        "channel_timeout": IDLE_TIMEOUT_S,
        "cleanup_interval": 5,  # how often idle connections are looked for
        "connection_limit": MAX_CONNECTIONS,
        "asyncore_use_poll": True,  # poll(), not select(): no limit of 1,024 descriptors
        "max_request_header_size": MAX_HEADER_BYTES,
        "max_request_body_size": MAX_REQUEST_BYTES + 1024,
        "expose_tracebacks": False,
        "ident": "navigator",
    }


def _error_task_class() -> type:
    """waitress's own error answers (a malformed request, headers too large) with our security headers."""
    from waitress.task import ErrorTask

    from .routes import STATIC_HEADERS

    class ErrorWithHeaders(ErrorTask):
        def execute(self) -> None:
            # waitress's own list, appended to; its stubs declare a Sequence
            headers: list[tuple[str, str]] = self.response_headers  # type: ignore[assignment]
            headers.extend(STATIC_HEADERS.items())
            headers.append(("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"))
            super().execute()

    return ErrorWithHeaders


def make_server(app: Any, sock: socket.socket, threads: int) -> Any:
    """A waitress server of `app` on an already listening socket."""
    from waitress.channel import HTTPChannel
    from waitress.server import BaseWSGIServer, create_server

    channel = type("Channel", (HTTPChannel,), {"error_task_class": _error_task_class()})
    server = create_server(app, sockets=[sock], **waitress_settings(threads))
    assert isinstance(server, BaseWSGIServer)  # one socket, one server (several would need each its channel_class)
    server.channel_class = channel  # waitress makes each connection's channel from this attribute
    return server


def _raise_limit() -> None:
    """Let each process hold MAX_CONNECTIONS sockets: raise the soft descriptor limit towards the hard one."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        want = MAX_CONNECTIONS + 128
        if soft != resource.RLIM_INFINITY and soft < want:
            resource.setrlimit(
                resource.RLIMIT_NOFILE, (want if hard == resource.RLIM_INFINITY else min(want, hard), hard)
            )
    except (ImportError, ValueError, OSError):
        pass


def _logging() -> None:
    """Warnings and errors (a failed render, waitress's queue warnings) to stderr, one line each."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("navigator: %(name)s: %(levelname)s: %(message)s"))
    for name in ("waitress", "navigator"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.WARNING)
        logger.addHandler(handler)
        logger.propagate = False


def _serve_here(app: Any, sock: socket.socket, threads: int) -> None:
    from .downloads import POOL

    server = make_server(app, sock, threads)
    threading.Thread(target=POOL.start, name="navigator-render-start", daemon=True).start()
    try:
        server.run()  # returns on KeyboardInterrupt or SystemExit, after closing the server
    finally:
        POOL.shutdown()


def _worker(app: Any, sock: socket.socket, threads: int, parent: int) -> None:
    """Body of a forked worker: never returns."""
    from ..jobs import die_with_parent

    code = 0
    try:
        die_with_parent(parent)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the supervisor, which stops us
        signal.signal(signal.SIGTERM, _exit_on_signal)
        _serve_here(app, sock, threads)
    except BaseException:  # a worker never unwinds into the supervisor's code
        code = 1
    finally:
        os._exit(code)


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(0)


def _supervise(app: Any, sock: socket.socket, options: ServeOptions, say: Callable[[str], None]) -> int:
    parent = os.getpid()
    children: dict[int, float] = {}
    failures: list[float] = []

    def spawn() -> None:
        pid = os.fork()
        if pid == 0:
            _worker(app, sock, options.threads, parent)
        children[pid] = time.monotonic()

    code = 0
    try:
        for _ in range(options.workers):
            spawn()
        while True:
            pid, status = os.wait()
            if children.pop(pid, None) is None:
                continue
            now = time.monotonic()
            failures = [t for t in failures if now - t < RESTART_WINDOW_S] + [now]
            say(f"a worker stopped ({_status(status)}); starting another")
            if len(failures) >= RESTARTS:
                say(f"workers keep stopping ({RESTARTS} in {RESTART_WINDOW_S:g} s); the server stops")
                code = 1
                break
            spawn()
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM through the CLI's handler
        pass
    finally:
        _stop(children)
    return code


def _status(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exit status {os.WEXITSTATUS(status)}"


def _stop(children: dict[int, float], grace_s: float = 10.0) -> None:
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    end = time.monotonic() + grace_s
    remaining = set(children)
    while remaining and time.monotonic() < end:
        for pid in list(remaining):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done = pid
            if done:
                remaining.discard(pid)
        time.sleep(0.05)
    for pid in remaining:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass


def serve(catalog_dir: str | os.PathLike[str] | None, options: ServeOptions, say: Callable[[str], None]) -> int:
    """Listen, load the catalog, then serve until stopped. Returns the exit status."""
    from . import downloads
    from .app import create_app

    sock = listen(options.host, options.port)
    try:
        app = create_app(catalog_dir)  # a broken catalog stops here, before anything is served
        downloads.POOL.configure(downloads.slots_for(options.threads))
        _raise_limit()
        _logging()
        how = f"{options.workers} worker{'s' if options.workers != 1 else ''} x {options.threads} threads"
        say(f"serving {url_of(sock)} (waitress, {how}); press Ctrl-C to stop")
        if options.workers == 1:
            _serve_here(app.server, sock, options.threads)
            return 0
        return _supervise(app.server, sock, options, say)
    finally:
        sock.close()

"""Running the service: uvicorn, pre-forked, with one write per response.

``goaltext serve`` checks its options and the configuration, then ``launch``
replaces the command-line process by a lean one (``python -m
goaltext_api.server``, same process id) that imports only the service, not
the rest of the command line (pandas, pyarrow, plotly: some 100 MB the
workers would otherwise inherit). There ``run`` takes over.

The parent process loads everything once
(settings, the Analyzer with its spaCy pipeline and models, the FastAPI app),
warms the pipeline up with an invented goal, binds the listening sockets and
then forks the workers. The workers share the loaded pipeline copy-on-write:
``gc.freeze()`` first moves every object loaded so far out of the collector's
reach, so collections in a worker do not write to (and thereby copy) the
shared pages. Each worker runs one uvicorn ``Server`` on a socket it inherits.

One listening socket per worker, all bound to the same port with
``SO_REUSEPORT``: the kernel then spreads new connections evenly over the
workers. With one socket shared by all, whichever worker wakes first accepts a
whole burst of connections (measured: 31 of 32 keep-alive clients on one
worker, the other idle), and a second worker adds nothing. The parent keeps
the sockets open, so connections waiting for a worker that is being replaced
are not lost. Without ``SO_REUSEPORT`` the workers share one socket.

The parent only supervises: SIGTERM or SIGINT stops the workers gracefully
(uvicorn finishes the requests in flight), a second signal kills them; a worker
that dies is replaced by a fresh fork; a worker whose parent dies is sent
SIGTERM by the kernel (Linux ``PR_SET_PDEATHSIG``), so no worker outlives the
service. With one worker the parent serves itself, without forking.

Where ``os.fork`` does not exist (Windows), several workers are left to
uvicorn's own supervisor, each loading its own pipeline.

``CoalescingHttpToolsProtocol`` is uvicorn's httptools protocol with one
change: the writes a response makes in one event-loop step (status line and
headers, then the body) go to the socket as one ``send``. uvicorn writes them
separately, which costs a second system call and wakes the client twice; on a
small JSON answer that is a measurable share of the per-request overhead.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import gc
import json
import logging
import os
import signal
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import uvicorn

logger = logging.getLogger("uvicorn.error")

# An invented goal the parent analyses once before forking, so that whatever the
# library loads lazily on first use is loaded in the parent and shared.
WARM_UP_GOAL = "Borgeren kan selv handle ind 2 gange om ugen inden for 3 måneder. Herefter ophører bostøtten."
WARM_UP_DATE = "2026-01-05"
STOP_TIMEOUT = 30.0  # seconds the workers get to finish their requests before they are killed
GRACEFUL_SHUTDOWN = 20  # seconds uvicorn waits for requests in flight before cancelling them
CRASH_WINDOW = 10.0  # a worker that dies sooner than this after its start counts as a crash ...
MAX_CRASHES = 5  # ... and after this many such deaths in a row the service gives up
PR_SET_PDEATHSIG = 1
STOP_SIGNALS = frozenset({signal.SIGTERM, signal.SIGINT})

try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # httptools is not installed: uvicorn's own choice (h11), unchanged
    HttpToolsProtocol = None  # type: ignore[assignment,misc]


class CoalescingTransport:
    """A transport whose writes within one event-loop step leave as one ``send``.

    The first write of a step is held and a flush is scheduled with
    ``call_soon``; later writes in the same step are appended. Closing flushes
    first. Everything else is the wrapped transport's."""

    __slots__ = ("_loop", "_pending", "_transport")

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._pending: list[bytes] | None = None

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if self._pending is None:
            self._pending = [bytes(data)]
            self._loop.call_soon(self.flush)
        else:
            self._pending.append(bytes(data))

    def flush(self) -> None:
        pending, self._pending = self._pending, None
        if pending and not self._transport.is_closing():
            self._transport.write(pending[0] if len(pending) == 1 else b"".join(pending))

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


if HttpToolsProtocol is not None:

    class CoalescingHttpToolsProtocol(HttpToolsProtocol):
        """uvicorn's httptools protocol, writing each response with one ``send``."""

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self.transport = CoalescingTransport(transport, asyncio.get_running_loop())  # type: ignore[assignment]


def http_protocol() -> Any:
    """The protocol class for uvicorn's ``http`` setting."""
    return CoalescingHttpToolsProtocol if HttpToolsProtocol is not None else "auto"


def default_workers() -> int:
    """One worker per CPU core the service may use (analysis is CPU-bound), at most 8."""
    from goaltext.pipeline import usable_cores

    return min(usable_cores(), 8)


@dataclass(frozen=True)
class ServeOptions:
    """What ``goaltext serve`` was asked for."""

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    access_log: bool = False
    log_level: str = "info"
    log_config: str | dict[str, Any] | None = None

    def uvicorn_settings(self) -> dict[str, Any]:
        """What every way of starting uvicorn here is given."""
        return {
            "host": self.host,
            "port": self.port,
            "access_log": self.access_log,
            "log_level": self.log_level,
            "log_config": self.log_config if self.log_config is not None else uvicorn.config.LOGGING_CONFIG,
            "server_header": False,
        }

    def uvicorn_config(self, app: Any) -> uvicorn.Config:
        return uvicorn.Config(
            app,
            http=http_protocol(),
            ws="none",  # the service has no websockets
            lifespan="on",
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN,
            **self.uvicorn_settings(),
        )


def launch(options: ServeOptions) -> None:
    """Replace this process by ``python -m goaltext_api.server`` serving ``options``
    (where there is no ``exec``, serve from this process)."""
    if os.name != "posix":
        run(options)
        return
    sys.stdout.flush()
    sys.stderr.flush()
    arguments = [sys.executable, "-m", "goaltext_api.server", json.dumps(dataclasses.asdict(options))]
    os.execv(sys.executable, arguments)


def main(argv: list[str]) -> None:
    """``python -m goaltext_api.server OPTIONS-JSON``, as ``launch`` starts it."""
    if len(argv) != 1:
        sys.exit("usage: python -m goaltext_api.server OPTIONS-JSON (started by goaltext serve)")
    run(ServeOptions(**json.loads(argv[0])))


def run(options: ServeOptions, app_factory: Callable[[], Any] | None = None) -> None:
    """Serve until SIGTERM/SIGINT: load once, then fork ``options.workers`` workers."""
    if options.workers > 1 and not hasattr(os, "fork"):  # Windows: uvicorn's spawning supervisor
        uvicorn.run("goaltext_api.app:create_app", factory=True, workers=options.workers, **options.uvicorn_settings())
        return
    # The config first: it sets up logging, which then covers the loading too.
    config = options.uvicorn_config(None)
    config.app = load_app(app_factory)
    config.load()
    sockets = listening_sockets(config, options.workers)
    freeze()
    try:
        if options.workers == 1:
            uvicorn.Server(config).run(sockets=sockets)
        else:
            Supervisor(config, sockets).run()
    finally:
        for sock in set(sockets):
            sock.close()


def listening_sockets(config: uvicorn.Config, count: int) -> list[socket.socket]:
    """``count`` listening sockets on the configured address: one per worker with
    SO_REUSEPORT where there is one, else one socket ``count`` times. Logs the
    address as uvicorn does; a port in use ends the service with uvicorn's exit code."""
    if count == 1 or not hasattr(socket, "SO_REUSEPORT"):
        sock = config.bind_socket()
        sock.listen(config.backlog)
        return [sock] * count
    family = socket.AF_INET6 if ":" in config.host else socket.AF_INET
    sockets: list[socket.socket] = []
    try:
        for _ in range(count):
            sock = socket.socket(family, socket.SOCK_STREAM)
            sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind((config.host, config.port))
            sock.listen(config.backlog)
            sock.set_inheritable(True)
    except OSError as error:
        for sock in sockets:
            sock.close()
        logger.error(error)
        sys.exit(3)  # uvicorn's STARTUP_FAILURE
    address = f"[{config.host}]" if family == socket.AF_INET6 else config.host
    logger.info("Uvicorn running on http://%s:%d (Press CTRL+C to quit)", address, config.port)
    return sockets


def load_app(app_factory: Callable[[], Any] | None) -> Any:
    """The app, its Analyzer loaded and warmed up (the goal is invented)."""
    if app_factory is None:
        from goaltext_api.app import create_app

        app_factory = create_app
    app = app_factory()
    service = getattr(getattr(app, "state", None), "service", None)
    if service is not None:
        analysis = service.analyzer.analyze(WARM_UP_GOAL, reference_date=WARM_UP_DATE)
        service.analyzer.suggest(WARM_UP_GOAL, reference_date=WARM_UP_DATE, analysis=analysis)
    return app


def freeze() -> None:
    """Collect once, then leave everything loaded so far to the permanent generation:
    the collector no longer visits (and so no longer writes to) those objects, which
    keeps forked workers' pages shared and makes full collections cheap."""
    gc.collect()
    gc.freeze()
    logger.debug("loaded; %d objects frozen for the workers to share", gc.get_freeze_count())


class Supervisor:
    """The parent of the pre-forked workers."""

    def __init__(self, config: uvicorn.Config, sockets: list[socket.socket]) -> None:
        self.config = config
        self.sockets = sockets  # worker i serves on sockets[i]
        self.workers = len(sockets)
        self.children: dict[int, tuple[int, float]] = {}  # pid -> (worker number, start time)
        self.signals: list[int] = []
        self.crashes = 0

    def run(self) -> None:
        logger.info("Started parent process [%d] with %d workers", os.getpid(), self.workers)
        previous = {sig: signal.signal(sig, self.on_signal) for sig in STOP_SIGNALS}
        try:
            for number in range(self.workers):
                self.spawn(number)
            while not self.signals:
                self.reap(expected=False)
                if self.crashes >= MAX_CRASHES:
                    logger.error("workers keep dying at start; stopping the service")
                    break
                running = {number for number, _ in self.children.values()}
                for number in range(self.workers):
                    if number not in running and not self.signals:
                        self.spawn(number)
                time.sleep(0.1)
        finally:
            self.stop()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        logger.info("Stopped parent process [%d]", os.getpid())
        if self.crashes >= MAX_CRASHES:
            sys.exit(3)  # uvicorn's STARTUP_FAILURE

    def on_signal(self, sig: int, frame: Any) -> None:
        self.signals.append(sig)
        if len(self.signals) > 1:  # asked twice: no more waiting
            for pid in list(self.children):
                kill(pid, signal.SIGKILL)

    def spawn(self, number: int) -> None:
        parent = os.getpid()
        sys.stdout.flush()  # nothing buffered may be written twice
        sys.stderr.flush()
        # Signals wait until the worker has its own handlers (and the parent its child's pid).
        signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            pid = os.fork()
        except OSError:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
            raise
        if pid == 0:  # the worker
            code = 0
            try:
                for other in set(self.sockets) - {self.sockets[number]}:
                    other.close()  # the worker's copies of the other workers' sockets
                worker(self.config, self.sockets[number], parent)
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else 1
            except BaseException:  # the worker's own logger has said what; never return into the parent's code
                logger.exception("worker [%d] failed", os.getpid())
                code = 1
            finally:
                logging.shutdown()
                os._exit(code)
        self.children[pid] = (number, time.monotonic())
        logger.debug("forked worker %d [%d]", number, pid)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)

    def reap(self, expected: bool) -> None:
        """Forget the workers that have ended; log the unexpected ends."""
        for pid in list(self.children):
            try:
                done, status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done, status = pid, 0
            if done == 0:
                continue
            _, started = self.children.pop(pid)
            if expected:
                continue
            code = os.waitstatus_to_exitcode(status)
            logger.error("worker [%d] ended unexpectedly (exit code %d); starting a new one", pid, code)
            self.crashes = self.crashes + 1 if time.monotonic() - started < CRASH_WINDOW else 0

    def stop(self) -> None:
        """SIGTERM to every worker, SIGKILL to those still running after STOP_TIMEOUT."""
        for pid in self.children:
            kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        while self.children and time.monotonic() < deadline:
            self.reap(expected=True)
            if self.children:
                time.sleep(0.05)
        for pid in self.children:
            logger.error("worker [%d] did not stop within %.0f s; killing it", pid, STOP_TIMEOUT)
            kill(pid, signal.SIGKILL)
        while self.children:
            self.reap(expected=True)
            time.sleep(0.01)


def worker(config: uvicorn.Config, sock: socket.socket, parent: int) -> None:
    """One worker (signals blocked on entry): die with the parent, then serve on the inherited socket."""
    # Until uvicorn takes them over, and again after a graceful stop (when uvicorn
    # raises the signal it stopped on once more), a stop signal ends the worker cleanly.
    for sig in STOP_SIGNALS:
        signal.signal(sig, exit_quietly)
    die_with_parent()
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    if os.getppid() != parent:  # the parent died before the kernel was asked
        return
    uvicorn.Server(config).run(sockets=[sock])


def exit_quietly(sig: int, frame: Any) -> None:
    raise SystemExit(0)


def die_with_parent() -> None:
    """Ask Linux to send this process SIGTERM when its parent ends (elsewhere: nothing)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl: the parent's SIGTERM still stops the workers
        pass


def kill(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)


if __name__ == "__main__":  # run from the module proper, not from its __main__ copy
    from goaltext_api.server import main as server_main

    server_main(sys.argv[1:])

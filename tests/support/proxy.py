"""A recording TCP proxy: everything two nodes say to each other passes through it and is kept, so a test
can search every byte that went over the wire."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress


class Recorder:
    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.lock = threading.Lock()

    def add(self, data: bytes) -> None:
        with self.lock:
            self.chunks.append(data)

    def take(self) -> bytes:
        """Everything recorded since the last take."""
        with self.lock:
            data, self.chunks = b"".join(self.chunks), []
        return data


def _pipe(source: socket.socket, sink: socket.socket, recorder: Recorder) -> None:
    try:
        while data := source.recv(65536):
            recorder.add(data)
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (source, sink):
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


@contextmanager
def recording_proxy(target_port: int) -> Iterator[tuple[int, Recorder]]:
    """Listen on a free loopback port and forward every connection to ``target_port``, recording both ways."""
    recorder = Recorder()
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", target_port))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pipe, args=(a, b, recorder), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1], recorder
    finally:
        stop.set()
        listener.close()

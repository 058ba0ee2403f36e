"""A TCP forwarder the tests can close and reopen: Redis "unavailable" without
touching the system's Redis (the instances talk to Redis through it)."""

from __future__ import annotations

import asyncio
import threading
from typing import Optional, Set, Tuple


class TcpProxy:
    """Forwards 127.0.0.1:`port` to `target` in a background thread.

    `close()` refuses new connections and cuts the open ones (the client sees
    what it would see if the server died); `open()` accepts again.
    """

    def __init__(self, port: int, target: Tuple[str, int]) -> None:
        self.port = port
        self.target = target
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: Optional[asyncio.base_events.Server] = None
        self._writers: Set[asyncio.StreamWriter] = set()

    def __enter__(self) -> TcpProxy:
        self._thread.start()
        self.open()
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)

    def _run(self, coroutine: object) -> object:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=10)

    def open(self) -> None:
        """Accepts connections (again)."""
        if self._server is None:
            self._server = self._run(
                asyncio.start_server(self._serve, "127.0.0.1", self.port, reuse_address=True)
            )

    def close(self) -> None:
        """Refuses new connections and aborts the open ones."""
        self._run(self._close())

    async def _close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self._writers |= {writer, upstream_writer}
        await asyncio.gather(
            self._pipe(reader, upstream_writer), self._pipe(upstream_reader, writer)
        )

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            self._writers.discard(writer)
            writer.transport.abort()

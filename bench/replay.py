"""Many viewers without many browsers: replay one real Chromium session's messages from N websocket clients.

Twenty-five Chromium pages need more CPU to draw the dashboard than a 2-core machine has, so a browser-only load
bench measures the machine's browsers, not the app (each viewer in a meeting draws on their own laptop). Here one
real session is recorded (the "rerun" messages Streamlit's page sends when it opens the link and when the period
changes) and N clients send the same messages over their own websocket, each a session of its own on the server,
signed in with the same cookie. Each step's time runs from sending its message to the app's "script finished",
which is exactly the server's share of what a viewer waits for.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import websockets
from google.protobuf.message import DecodeError
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg


def _message_type(payload: bytes | str, message_class: type[BackMsg] | type[ForwardMsg]) -> str | None:
    """Which kind of Streamlit message a websocket frame holds (None for text frames and what does not parse)."""
    if not isinstance(payload, bytes):
        return None
    message = message_class()
    try:
        message.ParseFromString(payload)
    except DecodeError:
        return None
    return message.WhichOneof("type")


def is_rerun(payload: bytes | str) -> bool:
    """Whether a frame the page sent asks the app to run the script (opening the page, a widget change)."""
    return _message_type(payload, BackMsg) == "rerun_script"


def is_script_finished(payload: bytes | str) -> bool:
    """Whether a frame from the app is its "script run finished" message."""
    return _message_type(payload, ForwardMsg) == "script_finished"


@dataclass
class Recording:
    """The rerun messages of one real session: those sent while the link opened, then per filter change."""

    opening: list[bytes] = field(default_factory=list)
    changes: list[list[bytes]] = field(default_factory=list)


@dataclass
class ReplayFigures:
    open_seconds: list[float] = field(default_factory=list)
    change_seconds: list[float] = field(default_factory=list)
    opening_bytes: list[int] = field(default_factory=list)
    """What each viewer received for the first view, reported beside the figures so a reader can tell the replay
    drew the dashboard (44 kB per viewer on the 1M bench) and not, say, a sign-in form; not compared in code."""
    failures: list[str] = field(default_factory=list)
    runs: int = 0
    """Script runs the app finished for the viewers (one per recorded rerun message): divides its CPU time."""


class _Client:
    """One websocket session; `run(frames)` sends each rerun and waits for the app to finish it."""

    def __init__(self, socket, figures: ReplayFigures) -> None:
        self.socket = socket
        self.received = 0
        self.figures = figures

    async def run(self, frames: list[bytes]) -> float:
        started = time.perf_counter()
        for frame in frames:
            await self.socket.send(frame)
            while True:
                payload = await asyncio.wait_for(self.socket.recv(), timeout=300)
                self.received += len(payload)
                if is_script_finished(payload):
                    self.figures.runs += 1
                    break
        return time.perf_counter() - started


async def _viewer(
    stream: str, headers: dict[str, str], recording: Recording, start: asyncio.Barrier, figures: ReplayFigures
) -> None:
    try:
        await start.wait()
        async with websockets.connect(
            stream, subprotocols=["streamlit"], additional_headers=headers, max_size=None, open_timeout=120
        ) as socket:
            client = _Client(socket, figures)
            figures.open_seconds.append(await client.run(recording.opening))
            figures.opening_bytes.append(client.received)
            for frames in recording.changes:
                await start.wait()
                figures.change_seconds.append(await client.run(frames))
    except Exception as error:  # a failed viewer is reported, and must not leave the others at the barrier
        figures.failures.append(f"{error.__class__.__name__}: {str(error)[:160]}")
        await start.abort()


async def replay(url: str, cookies: list[dict], recording: Recording, viewers: int) -> ReplayFigures:
    """`viewers` clients open the link at once, then make each recorded filter change together."""
    figures = ReplayFigures()
    headers = {
        "Origin": url,
        "Cookie": "; ".join(f"{cookie['name']}={cookie['value']}" for cookie in cookies),
    }
    stream = url.replace("http", "ws", 1) + "/_stcore/stream"
    start = asyncio.Barrier(viewers)
    await asyncio.gather(*(_viewer(stream, headers, recording, start, figures) for _ in range(viewers)))
    return figures

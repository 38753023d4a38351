"""Messages between a command and the warm process: JSON, length first, over a Unix socket
(the command's terminal and files travel beside the first message as file descriptors)."""

from __future__ import annotations

import json
import socket
import struct

LENGTH = struct.Struct("!I")
MAX_BYTES = 16 * 1024 * 1024  # an environment and a command line: far below this
MAX_DESCRIPTORS = 3  # standard input, output and error


def send(connection: socket.socket, message: dict, descriptors: list[int] | None = None) -> None:
    data = json.dumps(message).encode()
    packet = LENGTH.pack(len(data)) + data
    if descriptors:
        sent = socket.send_fds(connection, [packet], descriptors)
        connection.sendall(packet[sent:])
    else:
        connection.sendall(packet)


def _exactly(connection: socket.socket, count: int) -> bytes:
    parts, missing = [], count
    while missing:
        part = connection.recv(missing)
        if not part:
            raise EOFError("the other side closed the connection")
        parts.append(part)
        missing -= len(part)
    return b"".join(parts)


def receive(connection: socket.socket, descriptors: bool = False) -> tuple[dict, list[int]]:
    """The next message, and the descriptors that came with it (asked for: the first
    message of a command)."""
    received: list[int] = []
    if descriptors:
        head, received, _, _ = socket.recv_fds(connection, LENGTH.size, MAX_DESCRIPTORS)
        if not head:
            raise EOFError("the other side closed the connection")
        head += _exactly(connection, LENGTH.size - len(head))
    else:
        head = _exactly(connection, LENGTH.size)
    (length,) = LENGTH.unpack(head)
    if length > MAX_BYTES:
        raise ValueError(f"message of {length} bytes refused")
    return json.loads(_exactly(connection, length)), received

"""A small Language Server Protocol client for tests: it starts the server as an editor does
(a child process speaking JSON-RPC on its standard input and output) and waits, with generous
deadlines that fail loudly, for the answers and diagnostics a test asserts."""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

DEADLINE = 60.0  # seconds; a busy machine is slow, a broken server never answers


class LspClient:
    def __init__(self, command: list[str], cwd: Path) -> None:
        self.process = subprocess.Popen(
            command,
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.inbox: list[dict[str, Any]] = []
        self.changed = threading.Condition()
        self.next_id = 0
        self.versions: dict[str, int] = {}
        self.errors: list[bytes] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_errors, daemon=True).start()

    # -- the wire ------------------------------------------------------------------------------

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                header = stream.readline()
                if not header:
                    return
                header = header.strip()
                if not header:
                    break
                name, _, value = header.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            assert length is not None, "a message without Content-Length"
            message = json.loads(stream.read(length))
            with self.changed:
                self.inbox.append(message)
                self.changed.notify_all()

    def _read_errors(self) -> None:
        stream = self.process.stderr
        assert stream is not None
        for line in stream:
            self.errors.append(line)

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()

    def wait_for(
        self, found: Callable[[list[dict[str, Any]]], Any], what: str, deadline: float = DEADLINE
    ) -> Any:
        """Wait until ``found(inbox)`` returns something; fail showing all that came."""
        end = time.monotonic() + deadline
        with self.changed:
            while True:
                result = found(self.inbox)
                if result is not None:
                    return result
                left = end - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    received = json.dumps(self.inbox[-20:], indent=1)[-6000:]
                    errors = b"".join(self.errors[-40:]).decode("utf-8", "replace")
                    raise AssertionError(
                        f"no {what} within {deadline:.0f} s (server exit code "
                        f"{self.process.poll()}).\nLast messages:\n{received}\n"
                        f"Server's stderr:\n{errors}"
                    )
                self.changed.wait(min(left, 0.5))

    # -- requests and notifications --------------------------------------------------------------

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        number = self.next_id
        self.send({"id": number, "method": method, "params": params})

        def answer(inbox: list[dict[str, Any]]) -> Any:
            for message in inbox:
                if message.get("id") == number and "method" not in message:
                    return message
            return None

        message = self.wait_for(answer, f"answer to {method}")
        assert "error" not in message, message["error"]
        return message.get("result")

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def initialize(self, root: Path) -> dict[str, Any]:
        result = self.request(
            "initialize",
            {"processId": None, "rootUri": root.as_uri(), "capabilities": {}},
        )
        self.notify("initialized", {})
        return result

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                self.request("shutdown", {})
                self.notify("exit", {})
                self.process.wait(timeout=DEADLINE)
            finally:
                if self.process.poll() is None:
                    self.process.kill()
                    self.process.wait()

    # -- documents -------------------------------------------------------------------------------

    def open(self, path: Path, text: str | None = None) -> str:
        uri = path.resolve().as_uri()
        self.versions[uri] = 1
        self.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": uri,
                    "languageId": "yaml",
                    "version": 1,
                    "text": path.read_text(encoding="utf-8") if text is None else text,
                }
            },
        )
        return uri

    def change(self, uri: str, text: str) -> None:
        self.versions[uri] += 1
        self.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": self.versions[uri]},
                "contentChanges": [{"text": text}],
            },
        )

    def diagnostics(
        self, uri: str, ready: Callable[[list[dict[str, Any]]], bool], what: str
    ) -> list[dict[str, Any]]:
        """Wait until the latest diagnostics published for ``uri`` satisfy ``ready``."""

        def latest(inbox: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
            for message in reversed(inbox):
                if (
                    message.get("method") == "textDocument/publishDiagnostics"
                    and message["params"]["uri"] == uri
                ):
                    found = message["params"]["diagnostics"]
                    return found if ready(found) else None
            return None

        return self.wait_for(latest, f"diagnostics for {Path(uri).name}: {what}")

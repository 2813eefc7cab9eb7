"""Run a function in a child process with a time limit per call.

A thread cannot be stopped once it is stuck (e.g. an HTML parser on a pathological page), so
the work runs in a child Python process that is killed when a call takes too long; the next call
starts a new one. The child is a plain `python -m transforms.formats.isolated MODULE:FUNCTION`
process talking pickle over its stdin/stdout, so it does not depend on how the parent was
started (multiprocessing's spawn re-imports the parent's main module).
"""

from __future__ import annotations

import importlib
import os
import pickle
import select
import subprocess
import sys
from typing import Any


_PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


STARTUP_TIMEOUT_SECONDS = 120.0
_READY = "ready"


class CallTimeoutError(TimeoutError):
    """The call did not finish within its time limit; its process was killed."""


class IsolatedFunction:
    """`IsolatedFunction("package.module:function", timeout_seconds)(*args)`; not thread-safe."""

    def __init__(self, function_path: str, timeout_seconds: float):
        self.function_path = function_path
        self.timeout_seconds = timeout_seconds
        self._process: subprocess.Popen | None = None

    def __call__(self, *args: Any) -> Any:
        process = self._start()
        try:
            pickle.dump(args, process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            process.stdin.flush()
        except BrokenPipeError:
            self.close()
            raise RuntimeError(f"worker process for {self.function_path} exited") from None
        ready, _, _ = select.select([process.stdout], [], [], self.timeout_seconds)
        if not ready:
            self.close()
            raise CallTimeoutError(f"did not finish within {self.timeout_seconds:g} s")
        try:
            ok, value = pickle.load(process.stdout)
        except EOFError:
            self.close()
            raise RuntimeError(f"worker process for {self.function_path} exited") from None
        if not ok:
            raise value
        return value

    def _start(self) -> subprocess.Popen:
        if self._process is None or self._process.poll() is not None:
            self.close()
            self._process = subprocess.Popen(
                [sys.executable, "-m", __name__, self.function_path],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [_PACKAGE_ROOT, os.environ.get("PYTHONPATH")]))},
            )
            # The time limit is for the call, not for starting Python and importing the function.
            ready, _, _ = select.select([self._process.stdout], [], [], STARTUP_TIMEOUT_SECONDS)
            try:
                started = bool(ready) and pickle.load(self._process.stdout) == _READY
            except EOFError:
                started = False
            if not started:
                self.close()
                raise RuntimeError(f"worker process for {self.function_path} did not start")
        return self._process

    def close(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process.stdin.close()
            self._process.stdout.close()
            self._process = None

    def __getstate__(self):
        return {"function_path": self.function_path, "timeout_seconds": self.timeout_seconds, "_process": None}


def _serve(function_path: str) -> None:
    module_name, function_name = function_path.split(":")
    function = getattr(importlib.import_module(module_name), function_name)
    # Our replies go to the original stdout; anything the function prints goes to stderr.
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    pickle.dump(_READY, replies)
    replies.flush()
    requests = sys.stdin.buffer
    while True:
        try:
            args = pickle.load(requests)
        except EOFError:
            return
        try:
            reply = (True, function(*args))
        except Exception as error:  # noqa: BLE001 - handed to the caller, which decides
            reply = (False, error)
        try:
            pickle.dump(reply, replies, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # noqa: BLE001 - e.g. an exception that cannot be pickled
            pickle.dump((False, RuntimeError(f"{type(error).__name__}: {error}")), replies)
        replies.flush()


if __name__ == "__main__":
    _serve(sys.argv[1])

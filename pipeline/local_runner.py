"""Beam's local runner with several workers, made to deliver every element.

With `--direct_num_workers N` and `--direct_running_mode multi_processing` (or `multi_threading`),
Beam 2.77's FnApiRunner sends each bundle's input to a worker over gRPC, through an output stream
that a background thread flushes every `worker_handlers.DATA_BUFFER_TIME_LIMIT_MS` (1,000 ms). That
flush hands the buffer to the send queue and then clears it, holding a lock that `write()` does not
take: whatever the runner writes while a flush is being handed over (a large bundle waits for room
in the queue) is cleared unsent. The worker then processes its bundle without those elements and
reports no error. In our 200,000-document benchmark runs, 0.4% to 24% of the documents went missing
that way (benchmarks/README.md, session 8).

With the limit at 0, the runner's data plane uses Beam's size-based streams instead, which are only
flushed by the thread that writes. The runner writes a bundle's input in one go and then closes the
stream, so the timed flush bought nothing. The in-process default runner does not use gRPC and is
not affected.
"""

from __future__ import annotations

from apache_beam.runners.portability.fn_api_runner import worker_handlers


def disable_timed_flushes() -> None:
    """Must run before the pipeline starts: Beam reads the limit when it starts its gRPC servers."""
    worker_handlers.DATA_BUFFER_TIME_LIMIT_MS = 0

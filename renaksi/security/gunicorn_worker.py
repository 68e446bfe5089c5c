"""gunicorn's gthread worker, with a deadline on every read of a client's socket.

gthread hands a connection to a thread as soon as its first bytes arrive; the thread then reads
the request line and headers blocking. A client that sends half a request and stalls (slowloris)
would hold that thread forever, and a few of them freeze the worker. Here a "blocking" socket is
one with a timeout (``RENAKSI_CLIENT_READ_TIMEOUT``, default 10 s): a stalled client is dropped
and its thread freed. A buffering reverse proxy in front (README "Security") is the complete
answer for trickling clients; this keeps gunicorn safe when it faces clients directly.

Kept-alive connections: gthread closes one ``keepalive`` seconds after its last answer, in its
main loop, after the poll. A busy worker's main thread waits for the GIL between the poll and
the close, and a client's next request arriving in that gap was dropped unanswered ("status 0"
in the bench's deadline scenario, where people pause 1–5 s: about 1 request in 500 at 5–6 s
pauses). A connection whose request has arrived by then is served instead of closed; only a
request still on the wire at the very close can meet a reset, as with any server.
"""

import errno
import os
import select
import time

from gunicorn.workers import gthread

READ_TIMEOUT = float(os.environ.get("RENAKSI_CLIENT_READ_TIMEOUT", "10"))


class _TimedSocket:
    """The client socket, where "blocking" means "blocking with a deadline"."""

    __slots__ = ("_sock",)

    def __init__(self, sock):
        self._sock = sock

    def setblocking(self, flag):
        if flag:
            self._sock.settimeout(READ_TIMEOUT)
        else:
            self._sock.setblocking(False)

    def fileno(self):
        return self._sock.fileno()

    def __getattr__(self, name):
        return getattr(self._sock, name)


class TimedThreadWorker(gthread.ThreadWorker):
    def accept(self, listener):
        try:
            client_sock, client_addr = listener.accept()
            self.nr_conns += 1
            client_sock.settimeout(READ_TIMEOUT)
            conn = gthread.TConn(self.cfg, client_sock, client_addr, listener.getsockname())
            conn.sock = _TimedSocket(conn.sock)
            self.enqueue_req(conn)
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise

    def murder_keepalived(self, force=False):
        if not force:
            now = time.monotonic()
            for conn in list(self.keepalived_conns):
                if conn.timeout > now:
                    break  # the deque is in timeout order
                if _readable(conn.sock):
                    # its next request came after the poll: serve it as the poll would have
                    self.on_client_socket_readable(conn, conn.sock)
        super().murder_keepalived(force)


def _readable(sock) -> bool:
    """Whether the client sent something (a request, or its own close) that is not read yet."""
    try:
        poll = select.poll()
        poll.register(sock, select.POLLIN)
        return bool(poll.poll(0))
    except (OSError, ValueError):
        return False

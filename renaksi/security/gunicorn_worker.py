"""gunicorn's gthread worker, with a deadline on every read of a client's socket.

gthread hands a connection to a thread as soon as its first bytes arrive; the thread then reads
the request line and headers blocking. A client that sends half a request and stalls (slowloris)
would hold that thread forever, and a few of them freeze the worker. Here a "blocking" socket is
one with a timeout (``RENAKSI_CLIENT_READ_TIMEOUT``, default 10 s): a stalled client is dropped
and its thread freed. A buffering reverse proxy in front (README "Security") is the complete
answer for trickling clients; this keeps gunicorn safe when it faces clients directly.
"""

import errno
import os

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

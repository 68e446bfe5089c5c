"""The gthread worker's kept-alive connections (renaksi/security/gunicorn_worker.py).

A kept-alive connection whose time is up is closed by the worker's main loop after its poll. A
request that arrived between the poll and the close used to be dropped: the client got a
connection reset and no answer ("status 0" in the load bench). It is served instead.
"""

import selectors
import socket
import time
from collections import deque

from renaksi.security.gunicorn_worker import TimedThreadWorker, _TimedSocket


class _Conn:
    def __init__(self, sock, timeout):
        self.sock = _TimedSocket(sock)
        self.timeout = timeout
        self.closed = False

    def close(self):
        self.closed = True
        self.sock.close()


def _worker():
    # No arbiter, no listening sockets: only the main loop's state.
    worker = TimedThreadWorker.__new__(TimedThreadWorker)
    worker.keepalived_conns = deque()
    worker.poller = selectors.DefaultSelector()
    worker.nr_conns = 0
    worker.served = []
    worker.enqueue_req = worker.served.append
    return worker


def _kept_alive(worker, *, expired: bool, request: bytes = b""):
    server, client = socket.socketpair()
    conn = _Conn(server, time.monotonic() + (-1 if expired else 60))
    worker.keepalived_conns.append(conn)
    worker.poller.register(conn.sock, selectors.EVENT_READ, None)
    worker.nr_conns += 1
    if request:
        client.sendall(request)
    return conn, client


def test_an_expired_connection_whose_next_request_arrived_is_served_not_dropped():
    worker = _worker()
    waiting, c1 = _kept_alive(worker, expired=True, request=b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    idle, c2 = _kept_alive(worker, expired=True)
    fresh, c3 = _kept_alive(worker, expired=False)
    try:
        worker.murder_keepalived()
        assert worker.served == [waiting] and not waiting.closed  # to a thread, as after a poll
        assert idle.closed  # nothing came: closed as before
        assert not fresh.closed and list(worker.keepalived_conns) == [fresh]
        assert worker.nr_conns == 2  # the served one stays counted until its thread is done
    finally:
        for sock in (c1, c2, c3, waiting.sock, fresh.sock):
            sock.close()


def test_a_stopping_worker_still_closes_everything_when_forced():
    worker = _worker()
    conn, client = _kept_alive(worker, expired=False, request=b"GET / HTTP/1.1\r\n\r\n")
    try:
        worker.murder_keepalived(force=True)
        assert conn.closed and not worker.served and not worker.keepalived_conns
    finally:
        client.close()

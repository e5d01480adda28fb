"""The benchmark's model of a course server: the lab's threaded mini chat, written the way the
template asks students to finish it, so that `deno task bench` can compare tcpchat with the
baseline students know. It is not the lab's solution to copy (tests/fixtures/lab_server.py is
the grader's model of a correct hand-in); what it does:

- one thread per client (`threading.Thread(..., daemon=True)`),
- a shared `clients` list guarded by one `threading.Lock`,
- `conn.recv(1024)`, and whatever one recv returned is one "message",
- `[ip:port] ` put in front of it and `sendall` to every *other* client, under the lock,
- the lab's log tags: [START] [INFO] [CONNECT] [RECV] [FWD] [DISCONNECT].

Its known weaknesses are kept on purpose, because they are what the benchmark shows: a recv that
holds two lines gets one prefix (the second line arrives without a sender), a line that straddles
two recvs arrives cut in two, Nagle's algorithm is left on, and one client that stops reading
blocks every sender inside `sendall` while the lock is held.

Two additions for the benchmark only: `--port 0` picks a free port (the [START] line shows it), and
`--quiet` drops the per-message [RECV]/[FWD] lines, like tcpchat's `--quiet`.

Usage: python3 course_server.py [--host 127.0.0.1] [--port 3333] [--quiet]
"""

import argparse
import socket
import threading

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--host", default="127.0.0.1")
parser.add_argument("--port", type=int, default=3333)
parser.add_argument("--quiet", action="store_true")
args = parser.parse_args()

clients = []
clients_lock = threading.Lock()


def log(line):
    print(line, flush=True)


def handle_client(conn, addr):
    log(f"[CONNECT] New client {addr[0]}:{addr[1]}")
    with clients_lock:
        clients.append(conn)
    try:
        while True:
            data = conn.recv(1024)
            if not data:
                break
            text = data.decode("utf-8", errors="replace")
            if not args.quiet:
                log(f"[RECV] {addr[0]}:{addr[1]} {len(data)} bytes: {text!r}")
            message = f"[{addr[0]}:{addr[1]}] {text}".encode("utf-8")
            with clients_lock:
                for other in clients:
                    if other is conn:
                        continue
                    try:
                        other.sendall(message)
                        if not args.quiet:
                            log(f"[FWD] {addr[0]}:{addr[1]} -> {other.getpeername()}")
                    except OSError:
                        pass  # that client is gone; its own thread will remove it
    except OSError:
        pass
    finally:
        with clients_lock:
            clients.remove(conn)
        conn.close()
        log(f"[DISCONNECT] {addr[0]}:{addr[1]}")


def main():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((args.host, args.port))
    server.listen()
    host, port = server.getsockname()[:2]
    log(f"[START] TCP multi-client server on {host}:{port}")
    log(f"[INFO] Server ready, listening on {host}:{port}")
    try:
        while True:
            conn, addr = server.accept()
            threading.Thread(target=handle_client, args=(conn, addr), daemon=True).start()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


main()

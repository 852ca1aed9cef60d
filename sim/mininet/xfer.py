"""xfer.py: the two ends of an emulated download, run inside Mininet hosts.

It owns the traffic of a run and nothing else.  The driver starts one
`serve` process on every replica host and one `fetch` process on every
client host; both are plain TCP over the emulated links:

    python3 xfer.py RUN_ID serve --port P
        Listens on 0.0.0.0:P.  Each connection sends one request line
        "<bytes>\\n" and gets exactly that many bytes back, then EOF.

    python3 xfer.py RUN_ID fetch
        Reads one JSON job list from stdin:
            [{"id": 0, "addr": "10.0.0.253", "port": 5001,
              "bytes": 1048576, "at": <CLOCK_MONOTONIC seconds>}, ...]
        Each job waits until `at`, connects, requests, and reads until
        `bytes` have arrived.  One JSON line per job on stdout:
            {"id": 0, "begin": t, "finish": t, "bytes": n}
        `finish` is taken when the last byte reaches the receiver, which is
        what every backend calls the completion time.

Why receiver-side timing: a sender's clock stops when its last byte enters
the socket buffer, seconds before it crosses a 1 Mbps link with a deep
queue.  Why CLOCK_MONOTONIC: network namespaces share the host's clock, so
the driver, the replicas and the clients compare times directly.

RUN_ID is the first argument so that a clean-up can find every process of a
run by its command line (sim/mininet/names.py), even after the driver died.
"""
import json
import socket
import sys
import threading
import time

CHUNK = 256 * 1024


def _serve_one(conn: socket.socket, cc: str) -> None:
    with conn:
        try:
            if cc:
                conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION,
                                cc.encode())
            req = b""
            while not req.endswith(b"\n"):
                part = conn.recv(64)
                if not part or len(req) > 64:
                    return
                req += part
            left = int(req.strip())
            block = bytes(CHUNK)
            view = memoryview(block)
            while left > 0:
                n = min(left, CHUNK)
                conn.sendall(view[:n])
                left -= n
            conn.shutdown(socket.SHUT_WR)
        except (OSError, ValueError):
            # The client gave up or sent garbage: its own report says so.
            pass


def serve(port: int, cc: str) -> int:
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("0.0.0.0", port))
    srv.listen(128)
    print(json.dumps({"ready": True, "port": port}), flush=True)
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=_serve_one, args=(conn, cc),
                         daemon=True).start()


def _fetch_one(job: dict, out_lock: threading.Lock) -> None:
    rec = {"id": job["id"], "bytes": 0}
    try:
        delay = job["at"] - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        rec["begin"] = time.monotonic()
        want = int(job["bytes"])
        with socket.create_connection((job["addr"], job["port"])) as s:
            s.sendall(b"%d\n" % want)
            buf = bytearray(CHUNK)
            got = 0
            while got < want:
                n = s.recv_into(buf)
                if n == 0:
                    break
                got += n
            rec["finish"] = time.monotonic()
            rec["bytes"] = got
            if got != want:
                rec["error"] = f"connection closed after {got} of {want} bytes"
    except OSError as e:
        rec["error"] = f"{type(e).__name__}: {e}"
    with out_lock:
        print(json.dumps(rec), flush=True)


def fetch() -> int:
    print(json.dumps({"ready": True}), flush=True)
    jobs = json.loads(sys.stdin.readline())
    lock = threading.Lock()
    threads = [threading.Thread(target=_fetch_one, args=(j, lock))
               for j in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return 0


def main(argv: list) -> int:
    if len(argv) < 3 or argv[2] not in ("serve", "fetch"):
        print("usage: xfer.py RUN_ID serve --port P [--cc ALGO] | "
              "xfer.py RUN_ID fetch", file=sys.stderr)
        return 2
    if argv[2] == "serve":
        port = int(argv[argv.index("--port") + 1])
        cc = argv[argv.index("--cc") + 1] if "--cc" in argv else ""
        return serve(port, cc)
    return fetch()


if __name__ == "__main__":
    sys.exit(main(sys.argv))

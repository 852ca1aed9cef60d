"""faultserver_bounds.py: hostile ALTO servers that attack the engine's
bounds (issue 20 item 1), for tests/py/test_conform_bounds.py and ci/bench.

Each mode is faultserver.py's correct server (every service advertised
and answered) with one attack:

  big-ird N         the root IRD lists N extra resources (a GET of each answers)
  many-delegated N  the root IRD delegates to N IRDs, each a valid, empty IRD
  slow SECONDS      every response is sent after SECONDS (just under the
                    client's per-request timeout)
  endless           every request but the IRDs answers an endless chunked body
  redirect          every request but the IRDs answers 302 to itself
  --extra-delay S   (any mode) each GET of a big-ird extra resource is
                    answered after S seconds: a run can pass its deadline
                    while it asks them, with a small IRD

Prints its port on the first line (bind port 0, no race).  GET /_stats
answers {"requests": N} (not counted) so a test can see what was sent."""
import argparse
import json
import sys
import threading
import time
import faultserver
from http.server import ThreadingHTTPServer
from faulthttp import serve

MT_IRD = "application/alto-directory+json"


class Attack:
    def __init__(self, mode, n, delay):
        self.mode, self.n, self.delay = mode, n, delay
        self.requests = 0
        self.lock = threading.Lock()
        ird = faultserver.Service("").ird()
        if mode == "big-ird":
            for i in range(n):
                ird["resources"][f"extra-{i}"] = {"uri": f"/extra/{i}", "media-type": "application/x-altospec-extra"}
        elif mode == "many-delegated":
            for i in range(n):
                ird["resources"][f"delegated-{i}"] = {"uri": f"/d/{i}/directory", "media-type": MT_IRD}
        self.ird = json.dumps(ird).encode()


class Handler(faultserver.Handler):
    """faultserver.py's correct server, with one attack in front."""
    protocol_version = "HTTP/1.1"       # keep-alive and chunked bodies
    attack = None

    def log_message(self, *a):
        pass

    def endless(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/alto-networkmap+json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        piece = b'"pid":{"ipv4":["10.0.0.0/8"]},' * 2048
        chunk = b"%x\r\n%s\r\n" % (len(piece), piece)
        try:
            self.wfile.write(b"1b\r\n{\"meta\":{},\"network-map\":{\r\n")
            while True:                 # until the client hangs up
                self.wfile.write(chunk)
        except OSError:
            pass
        self.close_connection = True

    def attacked(self):
        """True when the attack answered the request."""
        a = self.attack
        if self.path == "/_stats":
            self.send(200, "application/json", {"requests": a.requests})
            return True
        with a.lock:
            a.requests += 1
        if a.mode == "slow":
            time.sleep(a.delay)
        if self.command == "GET" and self.path == "/directory":
            self.send(200, MT_IRD, a.ird)
            return True
        if self.command == "GET" and self.path.startswith("/d/"):
            self.send(200, MT_IRD, {"meta": {}, "resources": {}})
            return True
        if self.command == "GET" and self.path.startswith("/extra/"):
            time.sleep(a.extra_delay)
            self.send(200, "application/x-altospec-extra", b"ok")
            return True
        if a.mode not in ("endless", "redirect") or self.path == "/more/directory":
            return False
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            self.rfile.read(n)
        if a.mode == "endless":
            self.endless()
        else:
            self.send(302, "text/plain", b"moved", {"Location": self.path})
        return True

    def do_GET(self):
        if not self.attacked():
            super().do_GET()

    def do_POST(self):
        if not self.attacked():
            super().do_POST()


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A client that hangs up (the engine at its deadline) is normal here."""
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["big-ird", "many-delegated", "slow", "endless", "redirect"])
    ap.add_argument("arg", nargs="?", default="0", help="N (big-ird, many-delegated) or SECONDS (slow)")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--extra-delay", type=float, default=0.0)
    a = ap.parse_args()
    num = float(a.arg)
    Handler.attack = Attack(a.mode, int(num), num)
    Handler.attack.extra_delay = a.extra_delay
    Handler.svc = faultserver.Service("")
    return serve(Handler, a.port, Server)


if __name__ == "__main__":
    sys.exit(main())

"""faulthttp.py: what every fault server shares: a JSON answering request
handler and the start-up (bind 127.0.0.1, print the port as the first
line on stdout, serve until killed) and the command line of the suite
fault servers (fault_main).  faultserver.py and the faultserver_*.py use
it; each keeps its own Service, fault table and routes."""
import argparse
import json
import re
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class JsonHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes

    def log_message(self, *a):
        pass

    def _send(self, status, ctype, doc, extra=None):
        body = doc if isinstance(doc, bytes) else json.dumps(doc).encode()
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _body(self):
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _json_object(self, raw):
        """raw (a request body) as a JSON object, or None once answered 400
        E_SYNTAX with the parser's words."""
        try:
            req = json.loads(raw)
            if not isinstance(req, dict):
                raise ValueError("not an object")
        except ValueError as e:
            self._send(400, "application/alto-error+json", {"meta": {"code": "E_SYNTAX", "syntax-error": str(e)}})
            return None
        return req


def serve(handler, port=0, server_cls=ThreadingHTTPServer):
    """Serves handler on 127.0.0.1:port (0: ephemeral) until interrupted,
    after printing the port bound; returns the exit status."""
    srv = server_cls(("127.0.0.1", port), handler)
    srv.daemon_threads = True
    print(srv.server_address[1], flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


def fault_main(faults, handler, service):
    """The main of a suite fault server: --port (0: ephemeral) and --fault
    (one key of faults, or none for the clean server); an unknown fault
    exits 2.  Sets handler.svc = service(fault) and serves."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--fault", default="")
    a = ap.parse_args()
    if a.fault and a.fault not in faults:
        print(f"unknown fault {a.fault}", file=sys.stderr)
        return 2
    handler.svc = service(a.fault)
    return serve(handler, a.port)


def host_pid(addr, npids):
    """The PID index of a fault server's host address "ipv4:10.0.0.N"
    (host N is in PID N-1), or None for anything else or past npids."""
    m = re.fullmatch(r"ipv4:10\.0\.0\.(\d+)", addr) if isinstance(addr, str) else None
    return int(m.group(1)) - 1 if m and 1 <= int(m.group(1)) <= npids else None

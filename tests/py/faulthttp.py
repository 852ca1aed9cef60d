"""faulthttp.py: what every fault server shares: a JSON answering request
handler and the start-up (bind 127.0.0.1, print the port as the first
line on stdout, serve until killed).  faultserver.py, faultserver_mc.py and
faultserver_pm.py use it; each keeps its own Service and routes."""
import json
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

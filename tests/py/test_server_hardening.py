"""The reference server against request tricks (issue 20 item 2): every
attack is sent with raw sockets on loopback and the documented answer is
asserted: an RFC 7285 error body (application/alto-error+json), one
response (one status line), and the connection closed when the framing is
in doubt.  Server side: srv_front.c (accept front), srv_head.c (RFC 9112
head rules), srv_http.c (the same rules on kept-alive requests)."""
import json
import os
import resource
import select
import socket
import subprocess
import time

import pytest

import altoschema as S

IETF = "scenarios/ietf113/topology.yaml"
ERR = "application/alto-error+json"
CMF = b"Content-Type: application/alto-costmapfilter+json\r\n"
BODY = b'{"cost-type":{"cost-metric":"routingcost","cost-mode":"numerical"}}'


@pytest.fixture
def port(serve, root):
    s = serve(os.path.join(root, IETF), "--quiet")
    return int(s.base.rsplit(":", 1)[1])


def exchange(port, data, timeout=10, src="127.0.0.1"):
    """Sends data on a fresh connection, returns every byte until close."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout,
                                  source_address=(src, 0)) as sk:
        sk.sendall(data)
        out = b""
        while True:
            try:
                d = sk.recv(65536)
            except ConnectionResetError:
                break
            if not d:
                break
            out += d
        return out


def responses(raw):
    """The responses in raw: [(status, headers dict (lower-case), body)]."""
    out = []
    while raw:
        assert raw.startswith(b"HTTP/1."), raw[:200]
        head, _, rest = raw.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        hdrs = {}
        for ln in lines[1:]:
            k, _, v = ln.partition(":")
            hdrs[k.strip().lower()] = v.strip()
        n = int(hdrs.get("content-length", 0))
        if "chunked" in hdrs.get("transfer-encoding", ""):
            body = b""
            while True:
                size, _, rest = rest.partition(b"\r\n")
                size = int(size.split(b";")[0], 16)
                body, rest = body + rest[:size], rest[size + 2:]
                if size == 0:
                    break
        else:
            body, rest = rest[:n], rest[n:]
        out.append((status, hdrs, body))
        raw = rest
    return out


def alto_error(resp, status):
    st, hdrs, body = resp
    assert st == status, (st, body[:200])
    assert hdrs.get("content-type") == ERR, hdrs
    meta = S.check_error(json.loads(body))["meta"]
    assert meta["code"] == "E_SYNTAX" and meta["syntax-error"].isprintable(), meta
    return meta


def one_error(port, data, status):
    """data gets exactly one response, an ALTO error with status."""
    rs = responses(exchange(port, data))
    assert len(rs) == 1, [r[0] for r in rs]
    return alto_error(rs[0], status)


def get(path, extra=b"", version=b"HTTP/1.1"):
    return b"GET " + path + b" " + version + b"\r\nHost: x\r\n" + extra + b"\r\n"


def post(headers, body=BODY):
    return b"POST /costmap/filtered HTTP/1.1\r\nHost: x\r\n" + CMF + headers + b"\r\n" + body


GOOD = get(b"/directory")

# (name, request bytes, status): each a request trick and the documented answer.
ATTACKS = [
    # NUL and control bytes in the path: the path must not be cut at %00
    ("pct00-directory", get(b"/directory%00"), 400),
    ("pct00-costmap", get(b"/costmap/num-routingcost%00x"), 400),
    ("pct0a", get(b"/directory%0a"), 400),
    ("pct1f", get(b"/directory%1F"), 400),
    ("pct7f", get(b"/directory%7f"), 400),
    ("raw-ctl-01", get(b"/direc\x01tory"), 400),
    ("raw-nul", get(b"/directory\x00"), 400),
    ("pct-short", get(b"/directory%0"), 400),
    ("pct-zz", get(b"/directory%zz"), 400),
    # Content-Length: conflicting, malformed, with Transfer-Encoding
    ("two-content-lengths", post(b"Content-Length: %d\r\nContent-Length: 5\r\n" % len(BODY)), 400),
    ("content-length-list", post(b"Content-Length: %d, 5\r\n" % len(BODY)), 400),
    ("content-length-minus-1", post(b"Content-Length: -1\r\n"), 400),
    # libmicrohttpd's quirk, refused
    ("content-length-trailing-space", post(b"Content-Length: %d \r\n" % len(BODY)), 400),
    ("content-length-twice-same", post(b"Content-Length: %d\r\nContent-Length: %d\r\n" % (len(BODY), len(BODY))), 400),
    ("content-length-list-same", post(b"Content-Length: %d, %d\r\n" % (len(BODY), len(BODY))), 400),
    ("content-length-plus", post(b"Content-Length: +%d\r\n" % len(BODY)), 400),
    ("content-length-hex", post(b"Content-Length: 0x10\r\n"), 400),
    ("content-length-huge", post(b"Content-Length: 99999999999999999999\r\n"), 400),
    ("content-length-and-chunked", post(b"Content-Length: %d\r\nTransfer-Encoding: chunked\r\n" % len(BODY)), 400),
    # transfer codings
    ("te-gzip-501", post(b"Transfer-Encoding: gzip\r\n"), 501),
    ("te-gzip-chunked-501", post(b"Transfer-Encoding: gzip, chunked\r\n"), 501),
    ("te-chunked-twice", post(b"Transfer-Encoding: chunked, chunked\r\n"), 400),
    ("te-chunked-http10",
     b"POST /costmap/filtered HTTP/1.0\r\n" + CMF + b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
    # Host
    ("http11-no-host", b"GET /directory HTTP/1.1\r\n\r\n", 400),
    ("two-hosts", b"GET /directory HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
    # head syntax and sizes
    ("not-a-request-line", b"HELLO\r\n\r\n", 400),
    ("double-space", b"GET  /directory HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    ("space-before-colon", get(b"/directory", b"Accept : */*\r\n"), 400),
    ("obs-fold", get(b"/directory", b"X-A: 1\r\n folded\r\n"), 400),
    ("bare-cr", get(b"/directory", b"X-A: a\rb\r\n"), 400),
    ("http2-505", get(b"/directory", version=b"HTTP/2.0"), 505),
    ("bad-version", get(b"/directory", version=b"HTTP/1.1x"), 400),
    ("uri-414", get(b"/" + b"a" * 9000), 414),
    ("header-431", get(b"/directory", b"X-Big: " + b"a" * 20000 + b"\r\n"), 431),
    ("header-count-431", get(b"/directory", b"".join(b"X-%d: 1\r\n" % i for i in range(150))), 431),
    ("body-413", post(b"Content-Length: %d\r\n" % (2 * 1024 * 1024), b""), 413),
    # a huge chunk extension (was a 500 from libmicrohttpd)
    ("chunk-extension-100k", post(b"Transfer-Encoding: chunked\r\n",
          b"%x;" % len(BODY) + b"e" * 100000 + b"\r\n" + BODY + b"\r\n0\r\n\r\n"), 400),
    ("bad-chunk-size", post(b"Transfer-Encoding: chunked\r\n", b"zz\r\n" + BODY + b"\r\n0\r\n\r\n"), 400),
]


@pytest.mark.parametrize("data,status", [a[1:] for a in ATTACKS], ids=[a[0] for a in ATTACKS])
def test_attack_answered_once_with_alto_error(port, data, status):
    one_error(port, data, status)


def test_attacks_after_a_good_request_on_the_same_connection(port):
    """A kept-alive connection: the handler applies the same rules to the
    later requests that the front applied to the first."""
    later = [get(b"/directory%00"), get(b"/costmap/num-routingcost%00x"),
             post(b"Content-Length: %d\r\nContent-Length: 5\r\n" % len(BODY)),
             post(b"Transfer-Encoding: gzip\r\n"),
             b"GET /directory HTTP/1.1\r\n\r\n"]
    for bad, status in zip(later, [400, 400, 400, 501, 400]):
        rs = responses(exchange(port, GOOD + bad))
        assert [r[0] for r in rs] == [200, status], bad
        alto_error(rs[1], status)
        assert rs[1][1].get("connection") == "close"


def test_good_requests_still_served(port):
    """The rules refuse only what they should."""
    ok = [
        GOOD,
        b"\r\n" + GOOD,                                    # RFC 9112 2.2: a leading empty line
        get(b"/directory", version=b"HTTP/1.0").replace(b"Host: x\r\n", b""),
        get(b"/directory", b"X-Tab:\tv\r\n"),
        post(b"Content-Length: \t %d\r\n" % len(BODY)),
        post(b"Transfer-Encoding: chunked\r\n",
             b"%x;name=val\r\n" % len(BODY) + BODY + b"\r\n0\r\n\r\n"),
        post(b"Transfer-Encoding: Chunked\r\n",
             b"%x\r\n" % len(BODY) + BODY + b"\r\n0\r\nX-Trailer: 1\r\n\r\n"),
    ]
    for data in ok:
        rs = _one_then_close(port, data)
        assert rs[0][0] == 200, (data[:120], rs[0][2][:200])


def _one_then_close(port, data):
    """Sends data, reads one response, closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sk:
        sk.sendall(data)
        buf = b""
        while True:
            buf += sk.recv(65536)
            head, sep, rest = buf.partition(b"\r\n\r\n")
            if sep:
                n = [int(ln.split(b":")[1]) for ln in head.split(b"\r\n")
                     if ln.lower().startswith(b"content-length:")]
                if n and len(rest) >= n[0]:
                    return [(int(head.split()[1]), {}, rest)]


def test_absolute_form_uri_answered(port):
    for target in (b"http://127.0.0.1:%d/directory" % port, b"HTTP://x/directory"):
        st, hdrs, body = responses(exchange(port, get(target, b"Connection: close\r\n")))[0]
        assert st == 200, body[:200]
        assert hdrs["content-type"] == "application/alto-directory+json"
    rs = responses(exchange(port, GOOD + get(b"http://x/networkmap", b"Connection: close\r\n")))
    assert [r[0] for r in rs] == [200, 200]
    assert rs[1][1]["content-type"] == "application/alto-networkmap+json"


def _start(altospec, root, *args):
    """A server with extra options; returns (process, port)."""
    p = subprocess.Popen([altospec, "serve", "--topology", os.path.join(root, IETF),
                          "--listen", "127.0.0.1:0", "--quiet", *args],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    line = p.stdout.readline().decode()
    assert "serving ALTO on" in line, p.stderr.read().decode()
    return p, int(line.rsplit(":", 1)[1].split("/")[0])


def _stop(p):
    p.terminate()
    try:
        p.wait(5)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()


def test_header_deadline_is_not_reset_by_each_byte(altospec, root):
    p, port = _start(altospec, root, "--header-timeout", "1s")
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sk:
            t0 = time.monotonic()
            got = b""
            for ch in b"GET /directory HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100:
                try:
                    sk.sendall(bytes([ch]))
                except OSError:
                    break
                r, _, _ = select.select([sk], [], [], 0.2)
                if r:
                    got = sk.recv(65536)
                    break
            elapsed = time.monotonic() - t0
            # a byte every 0.2 s would keep an idle timer alive for 20 s
            assert got and elapsed < 5, elapsed
            alto_error(responses(got + _drain(sk))[0], 408)
    finally:
        _stop(p)


def _drain(sk):
    out = b""
    try:
        while True:
            d = sk.recv(65536)
            if not d:
                return out
            out += d
    except OSError:
        return out


def test_body_deadline_closes_a_dribbled_body(altospec, root):
    p, port = _start(altospec, root, "--body-timeout", "1s")
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sk:
            sk.sendall(post(b"Content-Length: %d\r\n" % len(BODY), b""))
            t0 = time.monotonic()
            closed = False
            for ch in BODY[:-1]:
                try:
                    sk.sendall(bytes([ch]))
                except OSError:
                    closed = True
                    break
                r, _, _ = select.select([sk], [], [], 0.2)
                if r and not sk.recv(65536):
                    closed = True
                    break
            assert closed and time.monotonic() - t0 < 6
    finally:
        _stop(p)


def _raise_fd_limit(n):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < n:
        if hard != resource.RLIM_INFINITY and hard < n:
            pytest.skip(f"needs {n} descriptors, the hard limit is {hard}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (n, hard))


def _slow(port, src, n):
    """n connections from src that send the start of a head and stall."""
    socks = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(src, 0))
        try:
            s.send(b"GET /dir")
        except OSError:
            pass        # refused already
        socks.append(s)
    return socks


def _answered(socks, timeout):
    """The first bytes each of socks receives within timeout (b"" = closed)."""
    poll = select.poll()
    by_fd = {s.fileno(): s for s in socks}
    for fd in by_fd:
        poll.register(fd, select.POLLIN)
    got = {}
    deadline = time.monotonic() + timeout
    while len(got) < len(socks) and time.monotonic() < deadline:
        for fd, _ in poll.poll(200):
            try:
                got[fd] = by_fd[fd].recv(65536)
            except OSError:
                got[fd] = b""
            poll.unregister(fd)
    return list(got.values())


def _legit(port, src):
    t0 = time.monotonic()
    rs = responses(exchange(port, get(b"/directory", b"Connection: close\r\n"), src=src))
    return rs[0], time.monotonic() - t0


def test_1100_slow_connections_do_not_lock_others_out(altospec, root):
    """1,100 slow connections from one address (the old server's global limit
    was 1,000, the idle timer reset by each byte): others are served, the
    flood's address gets 503 beyond its limit, and spreading 1,100 slow
    connections over 22 addresses (all held) locks nobody out either."""
    _raise_fd_limit(4096)
    p, port = _start(altospec, root, "--header-timeout", "20s")
    socks = []
    try:
        socks = _slow(port, "127.0.0.1", 1100)
        (st, hdrs, body), took = _legit(port, "127.0.0.2")
        assert st == 200 and took < 5, (st, took)
        alto_error(_legit(port, "127.0.0.1")[0], 503)
        # the flood's connections beyond its 64: answered 503 and closed
        got = _answered(socks, 10)
        refused = sum(1 for d in got if d.startswith(b"HTTP/1.1 503"))
        assert refused == 1100 - 64, (refused, len(got))
        for s in socks:
            s.close()
        socks = []
        for i in range(22):
            socks += _slow(port, f"127.0.0.{10 + i}", 50)
        (st, _, _), took = _legit(port, "127.0.0.2")
        assert st == 200 and took < 5, (st, took)
        # all 1,100 are still held (none answered), beyond the old 1,000
        assert _answered(socks, 0.5) == [], "a slow connection within the limits was refused"
    finally:
        for s in socks:
            s.close()
        _stop(p)


def test_limits_documented_and_validated(altospec):
    out = subprocess.run([altospec, "serve", "--help"], capture_output=True, text=True).stdout
    for opt, dflt in [("--max-connections", "4000"), ("--per-address-limit", "64"),
                      ("--header-timeout", "10s"), ("--body-timeout", "30s"),
                      ("--idle-timeout", "30s")]:
        line = out[out.index(opt):].split("\n--")[0]
        assert f"default {dflt}" in out[out.index(opt):out.index(opt) + 200], (opt, line)
    readme = open(os.path.join(os.path.dirname(__file__), "..", "..", "server-under-test",
                               "README.md")).read()
    for opt in ("--max-connections", "--per-address-limit", "--header-timeout",
                "--body-timeout", "--idle-timeout"):
        assert opt in readme, opt
    for bad in (["--max-connections", "0"], ["--per-address-limit", "x"],
                ["--header-timeout", "5"], ["--body-timeout", "-1s"], ["--idle-timeout", "1e9s"]):
        r = subprocess.run([altospec, "serve", "--topology", "x", *bad],
                           capture_output=True, text=True)
        assert r.returncode == 2 and bad[0] in r.stderr, (bad, r.stderr)

"""`altospec serve` as a process: bad topologies refused with exit 2 and a
positioned message, SIGHUP reload (good and bad file), clean SIGINT/SIGTERM
shutdown, command-line errors, and robustness against malformed requests."""
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

import altoschema as S
from conftest import free_port, wait_http

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")

# (file, field named in the message, substring of the message)
BAD_TOPOLOGIES = [
    ("bad_unknown_node.yaml", "links[1].b", "nowhere"),
    ("bad_dup_addr.yaml", "hosts[1].ipv4", "10.0.0.1"),
    ("bad_negative_rate.yaml", "links[0].bandwidth", "positive"),
    ("bad_unitless_rate.yaml", "links[0].bandwidth", "5Mbps"),
    ("bad_yaml.yaml", None, "YAML"),
]


@pytest.mark.parametrize("name,field,text", BAD_TOPOLOGIES)
def test_bad_topology_exit_2(altospec, name, field, text):
    path = os.path.join(DATA, name)
    port = free_port()
    p = subprocess.run([altospec, "serve", "--topology", path, "--listen", f"127.0.0.1:{port}"],
                       capture_output=True, timeout=20)
    err = p.stderr.decode()
    assert p.returncode == 2, err
    assert p.stdout == b""                    # never announced a URL
    first = err.splitlines()[0]
    # file:line:col: field: message
    assert first.startswith(path + ":"), first
    line, col = first[len(path) + 1:].split(":")[:2]
    assert line.isdigit() and col.isdigit() and int(line) > 0, first
    if field:
        assert f": {field}: " in first, first
    assert text in first, first
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()


def test_disconnected_host_refused(altospec):
    path = os.path.join(DATA, "bad_disconnected.yaml")
    p = subprocess.run([altospec, "serve", "--topology", path, "--listen", "127.0.0.1:0"],
                       capture_output=True, timeout=20)
    err = p.stderr.decode()
    assert p.returncode == 2 and p.stdout == b""
    assert err.startswith(path) and "h3" in err, err


def test_disconnected_host_positioned(altospec):
    path = os.path.join(DATA, "bad_disconnected.yaml")
    p = subprocess.run([altospec, "serve", "--topology", path, "--listen", "127.0.0.1:0"],
                       capture_output=True, timeout=20)
    first = p.stderr.decode().splitlines()[0]
    line, col, field = first[len(path) + 1:].split(":")[:3]
    assert line.isdigit() and col.isdigit(), first
    assert field.strip().startswith("hosts["), first


@pytest.mark.parametrize("args,text", [
    ([], "--topology"),
    (["--topology"], "incomplete"),
    (["--topology", "x.yaml", "--bogus"], "--bogus"),
    (["--topology", "scenarios/ietf113/topology.yaml", "--listen", "nowhere"], "--listen"),
    (["--topology", "scenarios/ietf113/topology.yaml", "--listen", "127.0.0.1:99999"], "--listen"),
    (["--topology", "scenarios/ietf113/topology.yaml", "--body-limit", "lots"], "--body-limit"),
    (["--topology", "/nonexistent/t.yaml"], "/nonexistent/t.yaml"),
])
def test_usage_errors(altospec, root, args, text):
    p = subprocess.run([altospec, "serve", *args], capture_output=True, timeout=20, cwd=root)
    assert p.returncode == 2
    assert text in p.stderr.decode()


def test_help(altospec):
    p = subprocess.run([altospec, "serve", "--help"], capture_output=True, timeout=20)
    assert p.returncode == 0 and b"--topology" in p.stdout


def _get(url):
    with urllib.request.urlopen(url, timeout=5) as r:
        return json.loads(r.read())


def _tag(base):
    return _get(base + "/networkmap")["meta"]["vtag"]["tag"]


def _wait_for(pred, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(0.05)
    raise AssertionError("condition not reached")


def test_sighup_reload(serve, root, tmp_path):
    topo = tmp_path / "t.yaml"
    shutil.copy(os.path.join(root, "scenarios/ietf113/topology.yaml"), topo)
    s = serve(str(topo))
    tag1 = _tag(s.base)
    with urllib.request.urlopen(s.base + "/costmap/num-routingcost", timeout=5) as r:
        etag1 = r.headers["ETag"]
    rc = _get(s.base + "/costmap/num-routingcost")
    assert rc["cost-map"]["pid-client"]["pid-xrd3"] == 0.2
    # Same content: same vtag after reload.
    s.proc.send_signal(signal.SIGHUP)
    time.sleep(0.3)
    assert _tag(s.base) == tag1
    # s3-s4 from 5 Mbps to 4 Mbps: routingcost 0.25 and a new vtag.
    text = topo.read_text().replace("{a: s3, b: s4, bandwidth: 5Mbps",
                                    "{a: s3, b: s4, bandwidth: 4Mbps")
    topo.write_text(text)
    s.proc.send_signal(signal.SIGHUP)
    tag2 = _wait_for(lambda: (t := _tag(s.base)) != tag1 and t)
    rc = _get(s.base + "/costmap/num-routingcost")
    assert rc["cost-map"]["pid-client"]["pid-xrd3"] == 0.25
    assert rc["meta"]["dependent-vtags"][0]["tag"] == tag2
    # the old ETag no longer matches: a polling client gets the new map
    req = urllib.request.Request(s.base + "/costmap/num-routingcost",
                                 headers={"If-None-Match": etag1})
    with urllib.request.urlopen(req, timeout=5) as r:
        assert r.status == 200 and r.headers["ETag"] != etag1
    # A broken file: logged, old topology kept.
    topo.write_text(text.replace("bandwidth: 4Mbps", "bandwidth: 4"))
    s.proc.send_signal(signal.SIGHUP)
    time.sleep(0.5)
    assert _tag(s.base) == tag2
    assert s.proc.poll() is None
    s.proc.terminate()
    out, err = s.proc.communicate(timeout=10)
    assert s.proc.returncode == 0
    err = err.decode()
    assert "reload failed" in err and "links[7].bandwidth" in err, err
    assert "reloaded" in err


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_clean_shutdown(serve, root, sig):
    s = serve(os.path.join(root, "scenarios/ietf113/topology.yaml"))
    # an idle keep-alive connection must not block shutdown
    conn = http.client.HTTPConnection("127.0.0.1", int(s.base.rsplit(":", 1)[1]), timeout=5)
    conn.request("GET", "/directory")
    conn.getresponse().read()
    s.proc.send_signal(sig)
    s.proc.wait(timeout=10)
    assert s.proc.returncode == 0
    assert b"stopped" in s.proc.stderr.read()
    conn.close()


def _raw(port, data, timeout=5):
    """Sends raw bytes, returns whatever comes back until close/timeout."""
    out = b""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sk:
        try:
            sk.sendall(data)
            sk.shutdown(socket.SHUT_WR)
            while chunk := sk.recv(65536):
                out += chunk
        except OSError:     # the server may refuse and close mid-send
            pass
    return out


def test_malformed_requests_never_crash(serve, root):
    """Random and hostile bodies on every POST resource: always a 4xx with
    an ALTO error body (or 200 when the mutation happens to be valid), and
    the server survives."""
    s = serve(os.path.join(root, "tests/py/data/srv_groups.yaml"), "--quiet")
    port = int(s.base.rsplit(":", 1)[1])
    paths = {"/networkmap/filtered": "application/alto-networkmapfilter+json",
             "/costmap/filtered": "application/alto-costmapfilter+json",
             "/endpointprop/lookup": "application/alto-endpointpropparams+json",
             "/endpointcost/lookup": "application/alto-endpointcostparams+json"}
    valid = {
        "/networkmap/filtered": {"pids": ["east"], "address-types": ["ipv4"]},
        "/costmap/filtered": {"cost-type": {"cost-metric": "routingcost", "cost-mode": "ordinal"},
                              "constraints": ["le 3"], "pids": {"srcs": ["east"], "dsts": []}},
        "/endpointprop/lookup": {"properties": ["default-network-map.pid"],
                                 "endpoints": ["ipv4:10.0.0.1"]},
        "/endpointcost/lookup": {"cost-type": {"cost-metric": "hopcount", "cost-mode": "numerical"},
                                 "endpoints": {"srcs": ["ipv4:10.0.0.1"], "dsts": ["ipv6:2001:db8::4"]}},
    }
    weird = [None, True, 1e308, -1, "", "x" * 5000, [], {}, [[[]]], {"a": {"b": None}},
             "ipv4:", "ipv6:::", "ipv4:255.255.255.255", "le 1e999", "\u0000", "\ud7ff"]
    rng = random.Random(7285)

    def mutate(v, depth=0):
        if rng.random() < 0.25 or depth > 3:
            return rng.choice(weird)
        if isinstance(v, dict):
            v = {k: mutate(x, depth + 1) if rng.random() < 0.5 else x for k, x in v.items()}
            if rng.random() < 0.2 and v:
                v.pop(rng.choice(list(v)))
            return v
        if isinstance(v, list):
            return [mutate(x, depth + 1) for x in v] + ([rng.choice(weird)] if rng.random() < 0.3 else [])
        return v

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    n = 0
    for path, mt in paths.items():
        bodies = [json.dumps(mutate(valid[path])).encode() for _ in range(60)]
        bodies += [bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200))) for _ in range(15)]
        bodies += [b"[" * 5000, b'{"a":' * 3000, b"{}" * 100, b'{"pids": ["\\ud800"]}',
                   b'{"pids": 1e999999}', b"\xef\xbb\xbf{}", b"null", b"0", b'"x"']
        for body in bodies:
            conn.request("POST", path, body=body, headers={"Content-Type": mt})
            r = conn.getresponse()
            data = r.read()
            n += 1
            assert r.status in (200, 400), (path, body[:80], r.status)
            doc = json.loads(data)
            if r.status == 400:
                assert r.getheader("Content-Type") == "application/alto-error+json"
                S.check_error(doc)
            else:
                S.check(r.getheader("Content-Type"), doc)
    conn.close()
    assert n > 300
    # Raw protocol abuse: garbage request lines, huge headers, early close.
    for raw in (b"GARBAGE\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n",
                b"GET /directory HTTP/1.1\r\nHost: x\r\nX: " + b"a" * 100000 + b"\r\n\r\n",
                b"POST /costmap/filtered HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{",
                b"POST /costmap/filtered HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"):
        _raw(port, raw, timeout=2)
    wait_http(s.ird)
    assert _get(s.ird)["meta"]["default-alto-network-map"] == "default-network-map"
    assert s.proc.poll() is None


def test_https(altospec, root, tmp_path):
    """RFC 7285 section 8.3.5: the server supports https."""
    import ssl
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    gen = subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                          "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                          "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                          "-keyout", str(key), "-out", str(cert)], capture_output=True, timeout=30)
    if gen.returncode != 0:
        pytest.skip("openssl cannot make a test certificate: " + gen.stderr.decode()[:200])
    p = subprocess.Popen([altospec, "serve", "--topology",
                          os.path.join(root, "scenarios/ietf113/topology.yaml"),
                          "--listen", "127.0.0.1:0", "--quiet", "--tls-cert", str(cert),
                          "--tls-key", str(key)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        line = p.stdout.readline().decode()
        assert line.startswith("altospec: serving ALTO on https://127.0.0.1:"), line
        url = line.split(" on ")[1].strip()
        ctx = ssl.create_default_context(cafile=str(cert))
        with urllib.request.urlopen(url, context=ctx, timeout=5) as r:
            ird = json.loads(r.read())
            assert r.headers["Content-Type"] == "application/alto-directory+json"
        S.check_ird(ird, strict_refs=True)
        nm_uri = ird["resources"]["default-network-map"]["uri"]
        assert nm_uri.startswith("https://127.0.0.1:")
        req = urllib.request.Request(
            url.replace("/directory", "/costmap/filtered"), method="POST",
            data=b'{"cost-type": {"cost-metric": "routingcost", "cost-mode": "numerical"}}',
            headers={"Content-Type": "application/alto-costmapfilter+json"})
        with urllib.request.urlopen(req, context=ctx, timeout=5) as r:
            assert json.loads(r.read())["cost-map"]["pid-client"]["pid-xrd3"] == 0.2
    finally:
        p.terminate()
        p.wait(10)
    assert p.returncode == 0
    # a key without a certificate is a usage error
    q = subprocess.run([altospec, "serve", "--topology",
                        os.path.join(root, "scenarios/ietf113/topology.yaml"),
                        "--listen", "127.0.0.1:0", "--tls-key", str(key)],
                       capture_output=True, timeout=20)
    assert q.returncode == 2 and b"certificate" in q.stderr

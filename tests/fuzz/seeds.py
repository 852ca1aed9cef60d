#!/usr/bin/env python3
"""tests/fuzz/seeds.py: assemble the seed corpora of the fuzz targets from
the repository's own examples (nothing is kept in git but this script).

    tests/fuzz/seeds.py OUTDIR      # writes OUTDIR/<target>/<name>

Sources: RFC example messages (data/rfc/examples: JSON bodies, request
heads, multipart answers), scenarios and topologies (scenarios/, the
tests' YAML files), the Topology Zoo GraphML files (data/topologies, the
large ones cut down to their first nodes and edges), plus a few
hand-written inputs for framing the examples do not show (chunked bodies,
bare LF, guessed boundaries, aliases).  The regression inputs of
tests/fuzz/regress/<target>/ are added too, so fuzzing starts from every
crasher already fixed.  Only inputs up to MAX_SEED bytes are kept: the
targets fuzz at most a few kilobytes, and large seeds only slow them."""
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
EX = os.path.join(ROOT, "data", "rfc", "examples")
MAX_SEED = 64 * 1024

# conf_msg_kinds() order (conformance/conf_msg.c): the first byte of a
# fuzz_msg input chooses the kind modulo this count.
MSG_KINDS = ["ird", "ird-root", "networkmap", "networkmap-filtered", "costmap", "endpointprop",
             "endpointcost", "error", "networkmapfilter", "costmapfilter", "endpointpropparams",
             "endpointcostparams", "addrgroup", "costmap-mc", "endpointcost-mc",
             "costmapfilter-mc", "endpointcostparams-mc"]

# Every route of the reference server (server-under-test/srv_ird.c).
GET_PATHS = ["/directory", "/networkmap", "/propmap/link-props"] + [
    "/costmap/" + t for t in ("num-routingcost", "ord-routingcost", "num-hopcount", "ord-hopcount",
                              "num-delay-ow", "num-delay-rt", "num-bw-available")]


def read(path):
    with open(path, "rb") as f:
        return f.read()


def files(folder, suffix):
    out = []
    for dirpath, _, names in os.walk(folder):
        out += [os.path.join(dirpath, n) for n in sorted(names) if n.endswith(suffix)]
    return sorted(out)


class Corpus:
    def __init__(self, outdir):
        self.outdir = outdir
        self.count = {}

    def add(self, target, name, data):
        if len(data) > MAX_SEED:
            return
        d = os.path.join(self.outdir, target)
        os.makedirs(d, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9._-]", "_", name)
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
        self.count[target] = self.count.get(target, 0) + 1


def head_fields(text):
    """(start line, [(name, value)]) of a printed head; folded lines joined."""
    lines = text.replace(b"\r\n", b"\n").split(b"\n")
    fields = []
    for ln in lines[1:]:
        if not ln.strip():
            break
        if re.match(rb"^[A-Za-z0-9-]+:", ln):
            n, v = ln.split(b":", 1)
            fields.append([n, v.strip()])
        elif fields:
            fields[-1][1] += b" " + ln.strip()
    return lines[0], fields


def request(start, fields, body, eol=b"\r\n"):
    out = [start]
    for n, v in fields:
        if n.lower() == b"content-length":
            v = str(len(body)).encode()
        out.append(n + b": " + v)
    if body and not any(n.lower() == b"content-length" for n, _ in fields):
        out.append(b"Content-Length: " + str(len(body)).encode())
    return eol.join(out) + eol + eol + body


def rfc_requests():
    """(name, request bytes) of every RFC example request with its body."""
    out = []
    for txt in files(EX, "-req.txt"):
        start, fields = head_fields(read(txt))
        js = txt[:-4] + ".json"
        body = read(js).strip() if os.path.exists(js) else b""
        out.append((os.path.relpath(txt, EX), request(start, fields, body)))
    return out


# The kinds a body plausibly is, by the members it names (a body the
# validator of another kind sees is mostly a shape error, early).
KIND_HINTS = [(b'"resources"', ["ird", "ird-root"]),
              (b'"network-map"', ["networkmap", "networkmap-filtered"]),
              (b'"cost-map"', ["costmap", "costmap-mc"]),
              (b'"endpoint-properties"', ["endpointprop"]),
              (b'"endpoint-cost-map"', ["endpointcost", "endpointcost-mc"]),
              (b'"code"', ["error"]),
              (b'"pids"', ["networkmapfilter", "costmapfilter", "costmapfilter-mc"]),
              (b'"properties"', ["endpointpropparams"]),
              (b'"endpoints"', ["endpointcostparams", "endpointcostparams-mc"]),
              (b'"ipv4"', ["addrgroup"])]


def msg_kinds_of(data):
    kinds = [k for hint, ks in KIND_HINTS if hint in data for k in ks]
    return kinds or [MSG_KINDS[len(data) % len(MSG_KINDS)]]


def msg_and_json(c):
    for js in files(EX, ".json"):
        name = os.path.relpath(js, EX)
        data = read(js)
        c.add("jtok", name, data)
        c.add("cmap", name, data)
        c.add("doc", name, data)
        for k in msg_kinds_of(data):
            c.add("msg", k + "-" + name, bytes([MSG_KINDS.index(k)]) + data)
    for s in [b"", b"[]", b"{}", b'"\\ud834\\udd1e"', b"-0.0e-5", b"[1e400]", b'{"a":1,"a":2}',
              b"\xef\xbb\xbf{}", b"[" * 80 + b"]" * 80]:
        c.add("jtok", "hand-%d" % len(s), s)


def yaml_docs(c):
    for y in files(os.path.join(ROOT, "scenarios"), ".yaml") + files(os.path.join(ROOT, "tests", "py", "data"), ".yaml"):
        name = os.path.relpath(y, ROOT)
        c.add("doc", name, read(y))
        if "topolog" in name or "/data/" in name:
            c.add("topo", name, read(y))
    for s in [b"a: &x [1, 2]\nb: *x\n", b"a: &x {k: v}\nb: [*x, *x]\n", b"- !!binary aGk=\n",
              b"k: 'quoted'\nn: ~\nt: yes\nf: 0.5\ni: -12\n", b"{\"json\": [1, 2.5, null]}\n"]:
        c.add("doc", "hand-%d" % len(s), s)


def graphml(c):
    for g in files(os.path.join(ROOT, "data", "topologies"), ".graphml"):
        data = read(g)
        name = os.path.basename(g)
        if len(data) > MAX_SEED:
            # The first 20 nodes and the edges among them keep the file's
            # keys and data shapes at a seed's size.
            nodes = re.findall(rb"<node .*?</node>", data, re.S)[:20]
            ids = {re.search(rb'id="([^"]*)"', n).group(1) for n in nodes}
            edges = [e for e in re.findall(rb"<edge .*?</edge>", data, re.S)
                     if re.search(rb'source="([^"]*)"', e).group(1) in ids
                     and re.search(rb'target="([^"]*)"', e).group(1) in ids]
            head = data[:data.find(b"<node ")]
            data = head + b"\n".join(nodes + edges) + b"\n</graph>\n</graphml>\n"
            name = "cut-" + name
        c.add("graphml", name, data)
    c.add("graphml", "hand-minimal.graphml",
          b'<?xml version="1.0"?>\n<graphml><key id="d0" for="edge" attr.name="LinkSpeedRaw"/>'
          b'<key id="d1" for="node" attr.name="Latitude"/><key id="d2" for="node" attr.name="Longitude"/>'
          b'<graph><node id="0"><data key="d1">52.5</data><data key="d2">13.4</data></node>'
          b'<node id="1"/><edge source="0" target="1"><data key="d0">1e9</data></edge></graph></graphml>\n')


def mpart(c):
    for txt in files(EX, "-resp.txt"):
        body_file = txt[:-4] + ".body.txt"
        if not os.path.exists(body_file):
            continue
        _, fields = head_fields(read(txt))
        ctype = next((v for n, v in fields if n.lower() == b"content-type"), b"multipart/related")
        body = read(body_file)
        name = os.path.relpath(txt, EX)
        crlf = re.sub(rb"\r?\n", b"\r\n", body)
        c.add("mpart", name + ".crlf", ctype + b"\n" + crlf)
        c.add("mpart", name + ".lf", ctype + b"\n" + body)
        c.add("mpart", name + ".noboundary", b"multipart/related\n" + crlf)
        c.add("mpart", name + ".noclose", ctype + b"\n" + crlf[:crlf.rfind(b"--")])


def http(c):
    reqs = rfc_requests()
    for name, r in reqs:
        c.add("head", name, r)
        c.add("handle", name, r)
    for p in GET_PATHS:
        r = b"GET " + p.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n\r\n"
        c.add("head", "get" + p, r)
        c.add("handle", "get" + p, r)
    c.add("handle", "get-etag", b"GET /networkmap HTTP/1.1\r\nIf-None-Match: \"x\"\r\n\r\n")
    for s in [b"POST /costmap/filtered HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
              b"5;ext=1\r\n{\"a\":\r\n0\r\nTrailer: x\r\n\r\n",
              b"GET http://h/directory HTTP/1.1\r\nHost: h\r\n\r\n",
              b"\r\n\r\nGET / HTTP/1.0\n\n",
              b"GET /directory%2e HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n"]:
        c.add("head", "hand-%d" % len(s), s)


def regress(c):
    base = os.path.join(ROOT, "tests", "fuzz", "regress")
    for target in sorted(os.listdir(base)) if os.path.isdir(base) else []:
        for f in files(os.path.join(base, target), ""):
            c.add(target, "regress-" + os.path.basename(f), read(f))


def main():
    if len(sys.argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    c = Corpus(sys.argv[1])
    for step in (msg_and_json, yaml_docs, graphml, mpart, http, regress):
        step(c)
    print("seeds: " + ", ".join("%s %d" % kv for kv in sorted(c.count.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())

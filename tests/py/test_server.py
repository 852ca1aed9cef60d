"""`altospec serve` over real HTTP: every resource of the IRD, every cost
type, the filtered services, and every error status of the reference server.

Expected numbers are worked out by hand from the topology files'
comments (scenarios/ietf113/topology.yaml, tests/py/data/srv_groups.yaml);
every response body is checked with altoschema (the RFC 7285 shapes)."""
import http.client
import json
import os
import socket
import urllib.parse

import pytest

import altoschema as S

ERR = "application/alto-error+json"
IETF = "scenarios/ietf113/topology.yaml"
GROUPS = "tests/py/data/srv_groups.yaml"


class Client:
    """One keep-alive HTTP/1.1 connection to a served IRD."""

    def __init__(self, served):
        u = urllib.parse.urlsplit(served.base)
        self.host, self.port = u.hostname, u.port
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=10)

    def request(self, method, path, body=None, ctype=None, accept=None, headers=None):
        h = dict(headers or {})
        if ctype:
            h["Content-Type"] = ctype
        if accept:
            h["Accept"] = accept
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode()
        try:
            self.conn.request(method, path, body=body, headers=h)
            r = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            # The server may close after an error response; one retry on a
            # fresh connection.
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
            self.conn.request(method, path, body=body, headers=h)
            r = self.conn.getresponse()
        data = r.read()
        if r.getheader("Connection", "").lower() == "close":
            self.conn.close()
        return r.status, r, data

    def get(self, path, accept=None):
        return self.request("GET", path, accept=accept)

    def post(self, path, body, ctype, accept=None):
        return self.request("POST", path, body, ctype, accept)

    def doc(self, method, path, body=None, ctype=None, media=None):
        """A successful response, shape-checked against its media type."""
        st, r, data = self.request(method, path, body, ctype)
        assert st == 200, f"{method} {path}: {st} {data[:300]!r}"
        mt = r.getheader("Content-Type")
        if media:
            assert mt == media, f"{path}: Content-Type {mt}, expected {media}"
        d = json.loads(data)
        S.check(mt, d)
        return d


@pytest.fixture
def ietf(serve, root):
    served = serve(os.path.join(root, IETF), "--quiet")
    c = Client(served)
    c.served = served
    return c


@pytest.fixture
def groups(serve, root):
    served = serve(os.path.join(root, GROUPS), "--quiet")
    c = Client(served)
    c.served = served
    return c


def ird(c):
    d = c.doc("GET", "/directory", media="application/alto-directory+json")
    S.check_ird(d, strict_refs=True)
    return d


def path_of(c, d, rid):
    u = urllib.parse.urlsplit(d["resources"][rid]["uri"])
    assert (u.hostname, u.port) == (c.host, c.port), "IRD URI points elsewhere"
    return u.path


COSTMAP_FILTER = "application/alto-costmapfilter+json"
ECS_PARAMS = "application/alto-endpointcostparams+json"
EPROP_PARAMS = "application/alto-endpointpropparams+json"
NETMAP_FILTER = "application/alto-networkmapfilter+json"


def ct(metric, mode="numerical"):
    return {"cost-metric": metric, "cost-mode": mode}


# ---- the IRD and every advertised resource ----

def test_startup_line_and_ird(ietf):
    line = ietf.served.proc.stdout.readline().decode()
    assert line == f"altospec: serving ALTO on {ietf.served.ird}\n"
    d = ird(ietf)
    assert d["meta"]["default-alto-network-map"] == "default-network-map"
    types = d["meta"]["cost-types"]
    assert {n: (t["cost-metric"], t["cost-mode"]) for n, t in types.items()} == {
        "num-routingcost": ("routingcost", "numerical"),
        "ord-routingcost": ("routingcost", "ordinal"),
        "num-hopcount": ("hopcount", "numerical"),
        "ord-hopcount": ("hopcount", "ordinal"),
        "num-delay-ow": ("delay-ow", "numerical"),
        "num-delay-rt": ("delay-rt", "numerical"),
        "num-bw-available": ("bw-available", "numerical"),
        "path-vector": ("ane-path", "array"),       # RFC 9275, served by default
    }
    assert "bottleneck" in types["num-routingcost"]["description"]
    plain = sorted(n for n in types if n != "path-vector")
    res = d["resources"]
    assert res["default-network-map"]["media-type"] == "application/alto-networkmap+json"
    for name in plain:
        e = res["costmap-" + name]
        assert e["capabilities"] == {"cost-type-names": [name]}
        assert e["uses"] == ["default-network-map"] and "accepts" not in e
    for rid, accepts in (("filtered-cost-map", COSTMAP_FILTER), ("endpoint-cost", ECS_PARAMS)):
        assert res[rid]["accepts"] == accepts
        assert res[rid]["capabilities"]["cost-constraints"] is True
        assert sorted(res[rid]["capabilities"]["cost-type-names"]) == plain
    assert "uses" not in res["endpoint-cost"] and "uses" not in res["endpoint-property"]
    assert res["endpoint-property"]["capabilities"] == {"prop-types": ["default-network-map.pid"]}
    assert res["filtered-network-map"]["uses"] == ["default-network-map"]


def test_every_advertised_resource_answers(ietf):
    """Walk the IRD: GET entries by GET, POST entries with a minimal valid
    request; each answers 200 with the advertised media type and shape."""
    d = ird(ietf)
    minimal = {
        NETMAP_FILTER: {"pids": []},
        COSTMAP_FILTER: {"cost-type": ct("routingcost")},
        EPROP_PARAMS: {"properties": ["default-network-map.pid"],
                       "endpoints": ["ipv4:10.0.0.250"]},
        ECS_PARAMS: {"cost-type": ct("routingcost"),
                     "endpoints": {"srcs": ["ipv4:10.0.0.250"], "dsts": ["ipv4:10.0.0.253"]}},
        "application/alto-propmapparams+json": {"entities": []},
    }
    for rid, e in d["resources"].items():
        p = path_of(ietf, d, rid)
        if e["media-type"].startswith("multipart/related"):
            st, r, data = ietf.request("POST", p, minimal[e["accepts"]], e["accepts"])
            assert st == 200, (rid, st, data[:300])
            S.check_pv_response(r.getheader("Content-Type"), data, resource_id=rid)
        elif "accepts" in e:
            ietf.doc("POST", p, minimal[e["accepts"]], e["accepts"], media=e["media-type"])
        else:
            ietf.doc("GET", p, media=e["media-type"])
    # 12 RFC 7285 resources + 2 path vector + 2 RFC 9240 property maps
    assert len(d["resources"]) == 16


# ---- network map ----

def test_network_map(ietf):
    nm = ietf.doc("GET", "/networkmap")
    S.check_network_map(nm, complete=True, strict=True)
    m = nm["network-map"]
    assert m["pid-client"] == {"ipv4": ["10.0.0.250/32"]}
    assert m["pid-xrd4"] == {"ipv4": ["10.0.0.254/32"]}
    assert m["default"] == {"ipv4": ["0.0.0.0/0"], "ipv6": ["::/0"]}
    assert len(m) == 6
    vt = nm["meta"]["vtag"]
    assert vt["resource-id"] == "default-network-map" and len(vt["tag"]) == 32
    assert ietf.doc("GET", "/networkmap") == nm      # stable


def test_network_map_ipv6_and_groups(groups):
    nm = groups.doc("GET", "/networkmap")
    S.check_network_map(nm, complete=True, strict=True)
    m = nm["network-map"]
    assert m["pid-a"] == {"ipv4": ["10.0.0.1/32"], "ipv6": ["2001:db8::1/128"]}
    assert sorted(m["east"]["ipv4"]) == ["10.0.0.3/32", "10.0.0.4/32", "10.9.0.0/16"]
    assert m["east"]["ipv6"] == ["2001:db8::4/128"]


def test_filtered_network_map(groups):
    full = groups.doc("GET", "/networkmap")
    f = groups.doc("POST", "/networkmap/filtered",
                   {"pids": ["east", "east", "nope", "pid-b"], "x-extra": {"a": 1}}, NETMAP_FILTER,
                   media="application/alto-networkmap+json")
    assert f["meta"]["vtag"] == full["meta"]["vtag"]
    assert f["network-map"] == {k: full["network-map"][k] for k in ("east", "pid-b")}
    f = groups.doc("POST", "/networkmap/filtered", {"pids": [], "address-types": ["ipv6"]},
                   NETMAP_FILTER)
    assert f["network-map"]["pid-a"] == {"ipv6": ["2001:db8::1/128"]}
    assert f["network-map"]["pid-b"] == {}
    assert set(f["network-map"]) == set(full["network-map"])
    f = groups.doc("POST", "/networkmap/filtered", {"pids": ["pid-b"], "address-types": ["foo"]},
                   NETMAP_FILTER)
    assert f["network-map"] == {"pid-b": {"ipv4": ["10.0.0.2/32"]}}


# ---- cost maps ----

CLIENT_ROW = {   # IETF 113: from the client's PID to each replica's PID
    "num-routingcost": {"pid-xrd1": 1, "pid-xrd2": 1, "pid-xrd3": 0.2, "pid-xrd4": 0.5,
                        "pid-client": 0},
    "ord-routingcost": {"pid-client": 1, "pid-xrd3": 2, "pid-xrd4": 3, "pid-xrd1": 4,
                        "pid-xrd2": 4},
    "num-hopcount": {"pid-client": 0, "pid-xrd1": 3, "pid-xrd2": 3, "pid-xrd3": 3, "pid-xrd4": 4},
    "ord-hopcount": {"pid-client": 1, "pid-xrd1": 2, "pid-xrd2": 2, "pid-xrd3": 2, "pid-xrd4": 3},
    "num-delay-ow": {"pid-client": 0, "pid-xrd1": 25000, "pid-xrd2": 25000, "pid-xrd3": 25000,
                     "pid-xrd4": 75000},
    "num-delay-rt": {"pid-client": 0, "pid-xrd1": 50000, "pid-xrd2": 50000, "pid-xrd3": 50000,
                     "pid-xrd4": 150000},
    "num-bw-available": {"pid-xrd1": 125000, "pid-xrd2": 125000, "pid-xrd3": 625000,
                         "pid-xrd4": 250000},
}


@pytest.mark.parametrize("name", sorted(CLIENT_ROW))
def test_full_cost_map(ietf, name):
    vtag = ietf.doc("GET", "/networkmap")["meta"]["vtag"]
    cm = ietf.doc("GET", "/costmap/" + name, media="application/alto-costmap+json")
    assert cm["meta"]["dependent-vtags"] == [vtag]
    metric = name.split("-", 1)[1]
    mode = {"num": "numerical", "ord": "ordinal"}[name[:3]]
    assert cm["meta"]["cost-type"]["cost-metric"] == metric
    assert cm["meta"]["cost-type"]["cost-mode"] == mode
    assert cm["cost-map"]["pid-client"] == pytest.approx(CLIENT_ROW[name])
    # The default PID holds no host: its costs are undefined and omitted.
    assert "default" not in cm["cost-map"]
    assert all("default" not in row for row in cm["cost-map"].values())
    assert len(cm["cost-map"]) == 5


def test_cost_map_worst_case_groups(groups):
    delay = groups.doc("GET", "/costmap/num-delay-ow")["cost-map"]
    assert delay["pid-a"] == {"pid-a": 0, "pid-b": 1000, "east": 13000}
    assert delay["east"]["east"] == 2000
    rc = groups.doc("GET", "/costmap/num-routingcost")["cost-map"]
    assert rc["pid-a"]["east"] == pytest.approx(0.125)
    assert rc["east"]["pid-a"] == pytest.approx(0.25)      # asymmetric reverse link
    bw = groups.doc("GET", "/costmap/num-bw-available")["cost-map"]
    assert "pid-a" not in bw["pid-a"]                        # self: undefined
    assert bw["east"] == {"east": 125000000, "pid-a": 500000, "pid-b": 500000}


# ---- filtered cost map ----

@pytest.mark.parametrize("name", sorted(CLIENT_ROW))
def test_filtered_equals_full(ietf, name):
    full = ietf.doc("GET", "/costmap/" + name)
    t = full["meta"]["cost-type"]
    req = {"cost-type": {"cost-metric": t["cost-metric"], "cost-mode": t["cost-mode"],
                         "description": "ignored"},
           "pids": {"srcs": ["pid-client", "pid-xrd4", "pid-client", "ghost"],
                    "dsts": ["pid-xrd3", "pid-xrd4", "default"]}}
    f = ietf.doc("POST", "/costmap/filtered", req, COSTMAP_FILTER,
                 media="application/alto-costmap+json")
    assert f["meta"]["dependent-vtags"] == full["meta"]["dependent-vtags"]
    want = {s: {d: v for d, v in full["cost-map"][s].items() if d in ("pid-xrd3", "pid-xrd4")}
            for s in ("pid-client", "pid-xrd4")}
    assert f["cost-map"] == want
    f = ietf.doc("POST", "/costmap/filtered", {"cost-type": req["cost-type"]}, COSTMAP_FILTER)
    assert f["cost-map"] == full["cost-map"]
    f = ietf.doc("POST", "/costmap/filtered",
                 {"cost-type": req["cost-type"], "pids": {"srcs": [], "dsts": []}}, COSTMAP_FILTER)
    assert f["cost-map"] == full["cost-map"]


def test_filtered_constraints(ietf):
    def run(*cons):
        return ietf.doc("POST", "/costmap/filtered",
                        {"cost-type": ct("routingcost"), "constraints": list(cons),
                         "pids": {"srcs": ["pid-client"], "dsts": []}},
                        COSTMAP_FILTER)["cost-map"]
    assert run("lt 1") == {"pid-client": {"pid-client": 0, "pid-xrd3": 0.2, "pid-xrd4": 0.5}}
    assert run("gt 0", "le 0.5") == {"pid-client": {"pid-xrd3": 0.2, "pid-xrd4": 0.5}}
    assert run("eq 0.2") == {"pid-client": {"pid-xrd3": 0.2}}
    assert run("ge 1") == {"pid-client": {"pid-xrd1": 1, "pid-xrd2": 1}}
    assert run("gt 1") == {}
    ordinal = ietf.doc("POST", "/costmap/filtered",
                       {"cost-type": ct("hopcount", "ordinal"), "constraints": ["le 2"],
                        "pids": {"srcs": ["pid-client"], "dsts": []}}, COSTMAP_FILTER)
    assert ordinal["cost-map"]["pid-client"] == {"pid-client": 1, "pid-xrd1": 2,
                                                 "pid-xrd2": 2, "pid-xrd3": 2}


# ---- endpoint property and endpoint cost ----

def test_endpoint_property(groups):
    d = groups.doc("POST", "/endpointprop/lookup",
                   {"properties": ["default-network-map.pid"],
                    "endpoints": ["ipv4:10.0.0.1", "ipv4:10.9.200.1", "ipv6:2001:db8::4",
                                  "ipv4:192.0.2.7", "ipv6:2001:db8::99", "ipv4:10.0.0.1"]},
                   EPROP_PARAMS, media="application/alto-endpointprop+json")
    vtag = groups.doc("GET", "/networkmap")["meta"]["vtag"]
    assert d["meta"]["dependent-vtags"] == [vtag]
    pid = {k: v["default-network-map.pid"] for k, v in d["endpoint-properties"].items()}
    assert pid == {"ipv4:10.0.0.1": "pid-a", "ipv4:10.9.200.1": "east",
                   "ipv6:2001:db8::4": "east", "ipv4:192.0.2.7": "default",
                   "ipv6:2001:db8::99": "default"}


def test_endpoint_cost_every_type_matches_cost_map(ietf):
    """For one-host PIDs the ECS cost between hosts equals the cost map's
    value between their PIDs, for every numerical type; ordinal types rank
    the requested destinations."""
    hosts = {"client": "10.0.0.250", "xrd1": "10.0.0.251", "xrd2": "10.0.0.252",
             "xrd3": "10.0.0.253", "xrd4": "10.0.0.254"}
    d = ird(ietf)
    for name, t in d["meta"]["cost-types"].items():
        if t["cost-metric"] == "ane-path":
            continue            # served by the multipart ECS only (test_server_pv.py)
        req = {"cost-type": {"cost-metric": t["cost-metric"], "cost-mode": t["cost-mode"]},
               "endpoints": {"srcs": ["ipv4:" + hosts["client"]],
                             "dsts": ["ipv4:" + hosts[h] for h in ("xrd1", "xrd2", "xrd3", "xrd4")]}}
        ecs = ietf.doc("POST", "/endpointcost/lookup", req, ECS_PARAMS,
                       media="application/alto-endpointcost+json")
        assert ecs["meta"]["cost-type"]["cost-metric"] == t["cost-metric"]
        row = ecs["endpoint-cost-map"]["ipv4:10.0.0.250"]
        got = {h: row["ipv4:" + a] for h, a in hosts.items() if "ipv4:" + a in row}
        if t["cost-mode"] == "numerical":
            cm = ietf.doc("GET", "/costmap/" + name)["cost-map"]["pid-client"]
            assert got == pytest.approx({h: cm["pid-" + h] for h in got}), name
        else:
            vals = {"routingcost": {"xrd1": 1, "xrd2": 1, "xrd3": 0.2, "xrd4": 0.5},
                    "hopcount": {"xrd1": 3, "xrd2": 3, "xrd3": 3, "xrd4": 4}}[t["cost-metric"]]
            order = sorted(set(vals.values()))
            assert got == {h: order.index(v) + 1 for h, v in vals.items()}, name


def test_endpoint_cost_host_level_and_defaults(groups):
    d = groups.doc("POST", "/endpointcost/lookup",
                   {"cost-type": ct("delay-ow"), "constraints": ["ge 0"],
                    "endpoints": {"srcs": ["ipv4:10.0.0.1"],
                                  "dsts": ["ipv4:10.0.0.3", "ipv4:10.9.1.1", "ipv4:203.0.113.9",
                                           "ipv6:2001:db8::4"]}}, ECS_PARAMS)
    # a->c is 11 ms host to host; 10.9.1.1 is only in PID east (worst case
    # 13 ms); 203.0.113.9 is in the default PID: undefined, omitted.
    assert d["endpoint-cost-map"] == {"ipv4:10.0.0.1": {
        "ipv4:10.0.0.3": 11000, "ipv4:10.9.1.1": 13000, "ipv6:2001:db8::4": 13000}}
    # No srcs: the client's own address (127.0.0.1, default PID): undefined.
    d = groups.doc("POST", "/endpointcost/lookup",
                   {"cost-type": ct("hopcount"), "endpoints": {"dsts": ["ipv4:10.0.0.3"]}},
                   ECS_PARAMS)
    assert d["endpoint-cost-map"] == {}
    d = groups.doc("POST", "/endpointcost/lookup",
                   {"cost-type": ct("bw-available"),
                    "endpoints": {"srcs": ["ipv4:10.0.0.3"], "dsts": ["ipv4:10.0.0.1"]}},
                   ECS_PARAMS)
    assert d["endpoint-cost-map"] == {"ipv4:10.0.0.3": {"ipv4:10.0.0.1": 500000}}


# ---- errors ----

BAD_REQUESTS = [
    # (path, body, code, field, value)
    ("/networkmap/filtered", "{", "E_SYNTAX", None, None),
    ("/networkmap/filtered", "", "E_SYNTAX", None, None),
    ("/networkmap/filtered", "[]", "E_SYNTAX", None, None),
    ("/networkmap/filtered", "\xff\xfe", "E_SYNTAX", None, None),
    ("/networkmap/filtered", '{"pids": [], "x": 1\x00}', "E_SYNTAX", None, None),  # jansson takes it
    ("/networkmap/filtered", {}, "E_MISSING_FIELD", "pids", None),
    ("/networkmap/filtered", {"pids": {}}, "E_INVALID_FIELD_TYPE", "pids", None),
    ("/networkmap/filtered", {"pids": ["ok", 7]}, "E_INVALID_FIELD_VALUE", "pids", "7"),
    ("/networkmap/filtered", {"pids": ["a b"]}, "E_INVALID_FIELD_VALUE", "pids", "a b"),
    ("/costmap/filtered", {}, "E_MISSING_FIELD", "cost-type", None),
    ("/costmap/filtered", {"cost-type": {"cost-mode": "numerical"}},
     "E_MISSING_FIELD", "cost-type/cost-metric", None),
    ("/costmap/filtered", {"cost-type": {"cost-metric": "routingcost", "cost-mode": 1}},
     "E_INVALID_FIELD_TYPE", "cost-type/cost-mode", None),
    ("/costmap/filtered", {"cost-type": ct("routingcost", "foo")},
     "E_INVALID_FIELD_VALUE", "cost-type/cost-mode", "foo"),
    ("/costmap/filtered", {"cost-type": ct("shoesize")},
     "E_INVALID_FIELD_VALUE", "cost-type/cost-metric", "shoesize"),
    ("/costmap/filtered", {"cost-type": ct("delay-ow", "ordinal")},
     "E_INVALID_FIELD_VALUE", "cost-type/cost-mode", "ordinal"),
    ("/costmap/filtered", {"cost-type": ct("routingcost"), "constraints": ["between 1 2"]},
     "E_INVALID_FIELD_VALUE", "constraints", "between 1 2"),
    ("/costmap/filtered", {"cost-type": ct("routingcost"), "constraints": [5]},
     "E_INVALID_FIELD_VALUE", "constraints", "5"),
    ("/costmap/filtered", {"cost-type": ct("routingcost"), "constraints": ['le 0x10']},
     "E_INVALID_FIELD_VALUE", "constraints", 'le 0x10'),
    ("/endpointcost/lookup", {"cost-type": ct("hopcount"), "constraints": ['le 0x10'],
                              "endpoints": {"srcs": ["ipv4:10.0.0.1"], "dsts": ["ipv4:10.0.0.2"]}},
     "E_INVALID_FIELD_VALUE", "constraints", 'le 0x10'),
    ("/costmap/filtered", {"cost-type": ct("routingcost"), "constraints": ['le +5']},
     "E_INVALID_FIELD_VALUE", "constraints", 'le +5'),
    ("/endpointcost/lookup", {"cost-type": ct("hopcount"), "constraints": ['le +5'],
                              "endpoints": {"srcs": ["ipv4:10.0.0.1"], "dsts": ["ipv4:10.0.0.2"]}},
     "E_INVALID_FIELD_VALUE", "constraints", 'le +5'),
    ("/costmap/filtered", {"cost-type": ct("routingcost"), "constraints": [' le 5']},
     "E_INVALID_FIELD_VALUE", "constraints", ' le 5'),
    ("/endpointcost/lookup", {"cost-type": ct("hopcount"), "constraints": [' le 5'],
                              "endpoints": {"srcs": ["ipv4:10.0.0.1"], "dsts": ["ipv4:10.0.0.2"]}},
     "E_INVALID_FIELD_VALUE", "constraints", ' le 5'),
    ("/costmap/filtered", {"cost-type": ct("routingcost"), "constraints": ['le\t5']},
     "E_INVALID_FIELD_VALUE", "constraints", 'le\t5'),
    ("/endpointcost/lookup", {"cost-type": ct("hopcount"), "constraints": ['le\t5'],
                              "endpoints": {"srcs": ["ipv4:10.0.0.1"], "dsts": ["ipv4:10.0.0.2"]}},
     "E_INVALID_FIELD_VALUE", "constraints", 'le\t5'),
    ("/costmap/filtered", {"cost-type": ct("routingcost"), "constraints": ['le .5']},
     "E_INVALID_FIELD_VALUE", "constraints", 'le .5'),
    ("/endpointcost/lookup", {"cost-type": ct("hopcount"), "constraints": ['le .5'],
                              "endpoints": {"srcs": ["ipv4:10.0.0.1"], "dsts": ["ipv4:10.0.0.2"]}},
     "E_INVALID_FIELD_VALUE", "constraints", 'le .5'),
    ("/costmap/filtered", {"cost-type": ct("routingcost"), "constraints": ['le 1e999']},
     "E_INVALID_FIELD_VALUE", "constraints", 'le 1e999'),
    ("/endpointcost/lookup", {"cost-type": ct("hopcount"), "constraints": ['le 1e999'],
                              "endpoints": {"srcs": ["ipv4:10.0.0.1"], "dsts": ["ipv4:10.0.0.2"]}},
     "E_INVALID_FIELD_VALUE", "constraints", 'le 1e999'),
    ("/costmap/filtered", {"cost-type": ct("routingcost"), "pids": []},
     "E_INVALID_FIELD_TYPE", "pids", None),
    ("/costmap/filtered", {"cost-type": ct("routingcost"), "pids": {"dsts": []}},
     "E_MISSING_FIELD", "pids/srcs", None),
    ("/endpointprop/lookup", {"properties": ["default-network-map.pid"]},
     "E_MISSING_FIELD", "endpoints", None),
    ("/endpointprop/lookup", {"properties": ["priv:color"], "endpoints": ["ipv4:10.0.0.1"]},
     "E_INVALID_FIELD_VALUE", "properties", "priv:color"),
    ("/endpointprop/lookup", {"properties": ["default-network-map.pid"],
                              "endpoints": ["10.0.0.1"]},
     "E_INVALID_FIELD_VALUE", "endpoints", "10.0.0.1"),
    ("/endpointcost/lookup", {"cost-type": ct("hopcount")}, "E_MISSING_FIELD", "endpoints", None),
    ("/endpointcost/lookup", {"cost-type": ct("hopcount"), "endpoints": {"srcs": [], "dsts": []}},
     "E_INVALID_FIELD_VALUE", "endpoints", None),
    ("/endpointcost/lookup", {"cost-type": ct("hopcount"),
                              "endpoints": {"srcs": ["ipv4:1.2.3"]}},
     "E_INVALID_FIELD_VALUE", "endpoints/srcs", "ipv4:1.2.3"),
    ("/endpointcost/lookup", {"cost-type": ct("hopcount"), "endpoints": {"dsts": [True]}},
     "E_INVALID_FIELD_VALUE", "endpoints/dsts", "true"),
]
CTYPE = {"/networkmap/filtered": NETMAP_FILTER, "/costmap/filtered": COSTMAP_FILTER,
         "/endpointprop/lookup": EPROP_PARAMS, "/endpointcost/lookup": ECS_PARAMS}


def test_bad_requests_get_400_with_alto_error(ietf):
    for path, body, code, field, value in BAD_REQUESTS:
        if isinstance(body, str):
            body = body.encode("latin-1")
        st, r, data = ietf.post(path, body, CTYPE[path])
        where = f"{path} {body!r}"
        assert st == 400, f"{where}: {st}"
        assert r.getheader("Content-Type") == ERR, where
        meta = S.check_error(json.loads(data))["meta"]
        assert meta["code"] == code, f"{where}: {meta}"
        assert meta.get("field") == field, f"{where}: {meta}"
        if value is not None:
            assert meta.get("value") == value, f"{where}: {meta}"
        if code == "E_SYNTAX":
            assert meta.get("syntax-error"), where
    # and the server is still fine
    ietf.doc("GET", "/directory")


def error_meta(st, r, data, status):
    assert st == status, (st, data[:200])
    assert r.getheader("Content-Type") == ERR
    return S.check_error(json.loads(data))["meta"]


def test_http_level_errors(ietf):
    error_meta(*ietf.get("/nope"), 404)
    error_meta(*ietf.get("/directory/"), 404)
    error_meta(*ietf.get("/costmap/num-shoesize"), 404)
    meta = error_meta(*ietf.get("/%ff%7ex"), 404)     # hostile bytes in the path
    assert meta["syntax-error"].isprintable()
    # control bytes, %-escaped or not, are refused (test_server_hardening.py)
    ietf.conn.close()
    meta = error_meta(*ietf.get("/%ff%0a%00x"), 400)
    assert meta["syntax-error"].isprintable()
    ietf.conn.close()
    st, r, data = ietf.post("/networkmap", {}, NETMAP_FILTER)
    error_meta(st, r, data, 405)
    assert r.getheader("Allow") == "GET, HEAD"
    st, r, data = ietf.get("/costmap/filtered")
    error_meta(st, r, data, 405)
    assert r.getheader("Allow") == "POST"
    error_meta(*ietf.request("DELETE", "/directory"), 405)
    # 406: Accept excludes the resource's media type
    error_meta(*ietf.get("/networkmap", accept="application/json"), 406)
    error_meta(*ietf.get("/directory", accept="application/alto-networkmap+json"), 406)
    error_meta(*ietf.post("/costmap/filtered", {"cost-type": ct("routingcost")},
                          COSTMAP_FILTER, accept="application/alto-error+json"), 406)
    for ok in ("*/*", "application/*", "application/alto-networkmap+json,application/alto-error+json"):
        assert ietf.get("/networkmap", accept=ok)[0] == 200, ok
    # 415: wrong or missing request Content-Type
    body = {"cost-type": ct("routingcost")}
    error_meta(*ietf.post("/costmap/filtered", body, "application/json"), 415)
    error_meta(*ietf.post("/costmap/filtered", body, None), 415)
    error_meta(*ietf.post("/costmap/filtered", body, NETMAP_FILTER), 415)
    assert ietf.post("/costmap/filtered", body, COSTMAP_FILTER + "; charset=utf-8")[0] == 200


def test_head_and_keep_alive(ietf):
    st, r, data = ietf.request("HEAD", "/networkmap")
    assert st == 200 and data == b""
    assert r.getheader("Content-Type") == "application/alto-networkmap+json"
    ietf.doc("GET", "/directory")
    sock = ietf.conn.sock
    for _ in range(20):
        ietf.doc("GET", "/costmap/num-hopcount")
        ietf.doc("POST", "/costmap/filtered", {"cost-type": ct("hopcount")}, COSTMAP_FILTER)
        ietf.post("/costmap/filtered", "{", COSTMAP_FILTER)    # a 400 keeps the connection
    assert ietf.conn.sock is sock, "the connection was not kept alive"


def test_body_limit(serve, root):
    c = Client(serve(os.path.join(root, IETF), "--quiet", "--body-limit", "1000"))
    pad = " " * 990
    body = '{"cost-type": {"cost-metric": "routingcost", "cost-mode": "numerical"}}'
    assert c.post("/costmap/filtered", body + pad[:900], COSTMAP_FILTER)[0] == 200
    error_meta(*c.post("/costmap/filtered", body + pad, COSTMAP_FILTER), 413)
    # chunked: no Content-Length to refuse early; the limit applies while reading
    conn = http.client.HTTPConnection(c.host, c.port, timeout=10)
    conn.putrequest("POST", "/costmap/filtered")
    conn.putheader("Content-Type", COSTMAP_FILTER)
    conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders()
    for _ in range(5):
        chunk = (" " * 400).encode()
        conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    conn.send(b"0\r\n\r\n")
    r = conn.getresponse()
    error_meta(r.status, r, r.read(), 413)
    conn.close()
    # An endless chunked body: past 4 x limit + 64 KiB the server hangs up.
    conn = http.client.HTTPConnection(c.host, c.port, timeout=10)
    conn.putrequest("POST", "/costmap/filtered")
    conn.putheader("Content-Type", COSTMAP_FILTER)
    conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders()
    dropped = False
    try:
        for _ in range(1000):
            chunk = b" " * 1000
            conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        conn.send(b"0\r\n\r\n")
        conn.getresponse().read()
    except (OSError, http.client.HTTPException):
        dropped = True
    conn.close()
    assert dropped, "a 1 MB chunked body against a 1000-byte limit was read to the end"
    assert c.get("/directory")[0] == 200
    # Default limit 1 MiB.  An announced oversized body is refused before
    # it is sent (the client sends only the headers and reads the answer).
    c2 = Client(serve(os.path.join(root, IETF), "--quiet"))
    with socket.create_connection((c2.host, c2.port), timeout=10) as sk:
        sk.sendall(b"POST /costmap/filtered HTTP/1.1\r\nHost: x\r\nContent-Type: "
                   + COSTMAP_FILTER.encode() + b"\r\nContent-Length: %d\r\n\r\n"
                   % (1024 * 1024 + 1))
        r = http.client.HTTPResponse(sk)
        r.begin()
        error_meta(r.status, r, r.read(), 413)
    big = body[:-1] + ', "pad": "' + "x" * (1000 * 1000) + '"}'
    assert c2.post("/costmap/filtered", big, COSTMAP_FILTER)[0] == 200


def test_response_bytes_are_cached_per_vtag(ietf):
    """The same bytes for a GET every time (serialized once per vtag)."""
    bodies = {ietf.get("/costmap/num-delay-rt")[2] for _ in range(5)}
    assert len(bodies) == 1


def _gen_topology(path, n_edge=6, per_edge=5):
    """A two-level tree with mixed, asymmetric rates (the bench's shape)."""
    rates = ["10Mbps", "20Mbps", "50Mbps", "100Mbps", "1Gbps"]
    with open(path, "w") as f:
        f.write("name: gen\nhosts:\n")
        for i in range(n_edge * per_edge):
            f.write(f"  - {{name: h{i}, ipv4: 10.2.{i // 250}.{i % 250 + 1}}}\n")
        f.write("switches: [core, " + ", ".join(f"e{j}" for j in range(n_edge)) + "]\nlinks:\n")
        for j in range(n_edge):
            f.write(f"  - {{a: e{j}, b: core, bandwidth: {rates[(j + 2) % 5]}, delay: {j + 1}ms,"
                    f" reverse: {{bandwidth: {rates[j % 5]}}}}}\n")
        for i in range(n_edge * per_edge):
            f.write(f"  - {{a: h{i}, b: e{i // per_edge}, bandwidth: {rates[i % 5]},"
                    f" delay: {i % 4}ms}}\n")


def test_cost_maps_agree_with_each_other(serve, tmp_path):
    """Cross-metric invariants on a generated 30-host topology: delay-rt is
    the sum of the two one-way delays, routingcost x bw-available x 8 = 1e6,
    and ordinal maps rank the numerical ones across the map (dense, 1 = best)."""
    topo = tmp_path / "gen.yaml"
    _gen_topology(topo)
    c = Client(serve(str(topo), "--quiet"))
    m = {n: c.doc("GET", "/costmap/" + n)["cost-map"] for n in CLIENT_ROW}
    pids = [p for p in c.doc("GET", "/networkmap")["network-map"] if p != "default"]
    assert len(pids) == 30
    for s in pids:
        for d in pids:
            ow, back = m["num-delay-ow"][s][d], m["num-delay-ow"][d][s]
            assert m["num-delay-rt"][s][d] == pytest.approx(ow + back)
            if s != d:
                assert m["num-routingcost"][s][d] * m["num-bw-available"][s][d] * 8 == \
                    pytest.approx(1e6)
            else:
                assert d not in m["num-bw-available"][s]
                assert m["num-hopcount"][s][d] == 0 and ow == 0
    for metric in ("routingcost", "hopcount"):       # ranks across the whole map (RFC 7285 6.1.2.2)
        num = m["num-" + metric]
        order = sorted({v for row in num.values() for v in row.values()})
        assert m["ord-" + metric] == {s: {d: order.index(v) + 1 for d, v in row.items()} for s, row in num.items()}
    # asymmetry is visible: some pair has different routingcost each way
    assert any(m["num-routingcost"][s][d] != m["num-routingcost"][d][s]
               for s in pids for d in pids)


def test_endpoint_cost_ordinal_ranks_all_entries(ietf):
    """RFC 7285 6.2: ordinal endpoint costs rank all m*n entries together,
    so entries of different sources compare: .250 -> .254 (0.5) ranks
    before .251 -> .250 (1), which a per-source ranking got backwards."""
    eps = [f"ipv4:10.0.0.{i}" for i in range(250, 255)]
    def ecs(mode):
        return ietf.doc("POST", "/endpointcost/lookup",
                        {"cost-type": ct("routingcost", mode), "endpoints": {"srcs": eps, "dsts": eps}},
                        ECS_PARAMS)["endpoint-cost-map"]
    num, ordn = ecs("numerical"), ecs("ordinal")
    order = sorted({v for row in num.values() for v in row.values()})
    assert ordn == {s: {d: order.index(v) + 1 for d, v in row.items()} for s, row in num.items()}
    assert ordn["ipv4:10.0.0.250"]["ipv4:10.0.0.254"] < ordn["ipv4:10.0.0.251"]["ipv4:10.0.0.250"]


def test_endpoint_cost_large_requests(ietf):
    """Duplicates count once (a long list of one address is one source), and
    a request whose answer would be huge is refused, not computed."""
    dsts = [f"ipv4:10.3.{i // 250}.{i % 250 + 1}" for i in range(1000)]
    d = ietf.doc("POST", "/endpointcost/lookup",
                 {"cost-type": ct("hopcount"),
                  "endpoints": {"srcs": ["ipv4:10.0.0.250"] * 5000, "dsts": dsts + ["ipv4:10.0.0.253"]}},
                 ECS_PARAMS)
    assert d["endpoint-cost-map"] == {"ipv4:10.0.0.250": {"ipv4:10.0.0.253": 3}}
    srcs = [f"ipv4:10.4.{i // 250}.{i % 250 + 1}" for i in range(1001)]
    meta = error_meta(*ietf.post("/endpointcost/lookup",
                                 {"cost-type": ct("hopcount"),
                                  "endpoints": {"srcs": srcs, "dsts": dsts}}, ECS_PARAMS), 400)
    assert meta["code"] == "E_INVALID_FIELD_VALUE" and meta["field"] == "endpoints"
    ietf.doc("GET", "/directory")


def test_cost_context_and_last_modified(ietf):
    """RFC 9439: cost-context per metric (3.1); Last-Modified on responses
    so a client can judge the metrics' freshness (6.2)."""
    import email.utils
    import time
    types = ird(ietf)["meta"]["cost-types"]
    assert types["num-bw-available"]["cost-context"] == {"cost-source": "nominal"}
    assert types["num-delay-ow"]["cost-context"] == {"cost-source": "estimation"}
    assert types["num-delay-rt"]["cost-context"] == {"cost-source": "estimation"}
    assert "cost-context" not in types["num-routingcost"]      # RFC 9439 6.3
    for st, r, _ in (ietf.get("/costmap/num-delay-ow"),
                     ietf.post("/endpointcost/lookup",
                               {"cost-type": ct("bw-available"),
                                "endpoints": {"srcs": ["ipv4:10.0.0.250"],
                                              "dsts": ["ipv4:10.0.0.253"]}}, ECS_PARAMS)):
        assert st == 200
        when = email.utils.parsedate_to_datetime(r.getheader("Last-Modified"))
        assert abs(when.timestamp() - time.time()) < 600


def test_etag_not_modified(ietf):
    st, r, body = ietf.get("/costmap/num-hopcount")
    etag = r.getheader("ETag")
    vtag = json.loads(body)["meta"]["dependent-vtags"][0]["tag"]
    assert st == 200 and etag.startswith('"' + vtag)
    for inm in (etag, "W/" + etag, '"other", ' + etag, "*"):
        st, r, body = ietf.request("GET", "/costmap/num-hopcount", headers={"If-None-Match": inm})
        assert st == 304 and body == b"" and r.getheader("ETag") == etag, inm
    st, r, body = ietf.request("GET", "/costmap/num-hopcount", headers={"If-None-Match": '"x"'})
    assert st == 200 and json.loads(body)
    # each resource has its own tag
    assert ietf.get("/networkmap")[1].getheader("ETag") != etag

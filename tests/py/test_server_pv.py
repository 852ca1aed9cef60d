"""`altospec serve` (path vector is on by default) over real HTTP: the RFC 9275 path vector
resources (multipart filtered cost map, multipart Endpoint Cost Service)
and the RFC 9240 property maps of the persistent link ANEs.

Every multipart answer is parsed with the email package and checked with
altoschema.check_pv_response (every rule of RFC 9275 sections 7.2.6 and
7.3.6).  Expected routes and capacities are written out by hand from the
topology files (scenarios/ietf113/topology.yaml, tests/py/data/
srv_groups.yaml), and cross-checked against the server's own RFC 7285
cost maps (hop counts, bottleneck bandwidth)."""
import http.client
import json
import os
import signal
import time
import urllib.parse

import pytest

import altoschema as S

ERR = "application/alto-error+json"
IETF = "scenarios/ietf113/topology.yaml"
GROUPS = "tests/py/data/srv_groups.yaml"
COSTMAP_FILTER = "application/alto-costmapfilter+json"
ECS_PARAMS = "application/alto-endpointcostparams+json"
PROPMAP = "application/alto-propmap+json"
PROPMAP_PARAMS = "application/alto-propmapparams+json"
MT_PV_COSTMAP = "multipart/related;type=application/alto-costmap+json"
MT_PV_ECS = "multipart/related;type=application/alto-endpointcost+json"
PV = {"cost-mode": "array", "cost-metric": "ane-path"}
PROPS = ["max-reservable-bandwidth", "persistent-entity-id"]

# ietf113: capacity of each directed link (both directions are equal there).
MBPS = 1000000
CAPACITY = {("client", "s3"): 1000 * MBPS, ("xrd1", "s1"): 1000 * MBPS,
            ("xrd2", "s2"): 1000 * MBPS, ("xrd3", "s4"): 1000 * MBPS,
            ("xrd4", "s5"): 1000 * MBPS, ("s1", "s3"): 1 * MBPS,
            ("s3", "s2"): 1 * MBPS, ("s3", "s4"): 5 * MBPS, ("s4", "s5"): 2 * MBPS}
DELAY_US = {("s1", "s3"): 25000, ("s3", "s2"): 25000, ("s3", "s4"): 25000,
            ("s4", "s5"): 50000}
CAP = {**CAPACITY, **{(b, a): v for (a, b), v in CAPACITY.items()}}
# Host-to-host routes of ietf113 (node sequences).
ROUTES = {
    ("client", "xrd1"): ["client", "s3", "s1", "xrd1"],
    ("client", "xrd2"): ["client", "s3", "s2", "xrd2"],
    ("client", "xrd3"): ["client", "s3", "s4", "xrd3"],
    ("client", "xrd4"): ["client", "s3", "s4", "s5", "xrd4"],
    ("xrd3", "client"): ["xrd3", "s4", "s3", "client"],
    ("xrd4", "xrd1"): ["xrd4", "s5", "s4", "s3", "s1", "xrd1"],
}
ADDR = {"client": "ipv4:10.0.0.250", "xrd1": "ipv4:10.0.0.251", "xrd2": "ipv4:10.0.0.252",
        "xrd3": "ipv4:10.0.0.253", "xrd4": "ipv4:10.0.0.254"}


def anes(nodes):
    return [f"{a}-{b}" for a, b in zip(nodes, nodes[1:])]


class Client:
    """One keep-alive HTTP/1.1 connection to a served IRD."""

    def __init__(self, served):
        u = urllib.parse.urlsplit(served.base)
        self.host, self.port = u.hostname, u.port
        self.served = served
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
        for attempt in (0, 1):
            try:
                self.conn.request(method, path, body=body, headers=h)
                r = self.conn.getresponse()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
                if attempt:
                    raise
        data = r.read()
        if r.getheader("Connection", "").lower() == "close":
            self.conn.close()
        return r.status, r, data

    def json(self, method, path, body=None, ctype=None, media=None):
        st, r, data = self.request(method, path, body, ctype)
        assert st == 200, f"{method} {path}: {st} {data[:300]!r}"
        if media:
            assert r.getheader("Content-Type") == media
        d = json.loads(data)
        S.check(r.getheader("Content-Type"), d)
        return d

    def pv(self, path, body, ctype, rid, headers=None):
        """A path vector answer: (pv part, property map part, info)."""
        st, r, data = self.request("POST", path, body, ctype, headers=headers)
        assert st == 200, f"POST {path}: {st} {data[:300]!r}"
        root = "application/alto-costmap+json" if ctype == COSTMAP_FILTER else \
            "application/alto-endpointcost+json"
        return S.check_pv_response(r.getheader("Content-Type"), data, resource_id=rid,
                                   root_type=root)

    def error(self, path, body, ctype, status=400, accept=None):
        st, r, data = self.request("POST", path, body, ctype, accept=accept)
        assert st == status, (st, data[:200])
        assert r.getheader("Content-Type") == ERR
        return S.check_error(json.loads(data))["meta"]


def _client(serve, root, topo, *extra):
    return Client(serve(os.path.join(root, topo), "--quiet", *extra))


@pytest.fixture
def ietf(serve, root):
    return _client(serve, root, IETF, "--path-vector")


@pytest.fixture
def groups(serve, root):
    return _client(serve, root, GROUPS, "--path-vector")


def ird(c):
    d = c.json("GET", "/directory", media="application/alto-directory+json")
    S.check_ird(d, strict_refs=True)
    return d


def costmap_pv(c, srcs=None, dsts=None, props=None, ct=None):
    body = {"cost-type": ct or PV}
    if srcs is not None:
        body["pids"] = {"srcs": srcs, "dsts": dsts}
    if props is not None:
        body["ane-property-names"] = props
    return c.pv("/costmap/pv", body, COSTMAP_FILTER, "filtered-cost-map-pv")


def ecs_pv(c, srcs, dsts, props=None, ct=None):
    body = {"cost-type": ct or PV, "endpoints": {"srcs": srcs, "dsts": dsts}}
    if props is not None:
        body["ane-property-names"] = props
    return c.pv("/endpointcost/pv", body, ECS_PARAMS, "endpoint-cost-pv")


# ---- the IRD ----

def test_ird_advertises_path_vector_as_rfc9275_says(ietf):
    d = ird(ietf)
    types = d["meta"]["cost-types"]
    assert {k: v for k, v in types["path-vector"].items() if k != "description"} == PV
    res = d["resources"]
    base = f"http://{ietf.host}:{ietf.port}"
    all_types = ["path-vector"] + sorted(t for t in types if t != "path-vector")
    for rid, uri, mt, accepts, uses in (
            ("filtered-cost-map-pv", "/costmap/pv", MT_PV_COSTMAP, COSTMAP_FILTER,
             ["default-network-map", "link-props"]),
            ("endpoint-cost-pv", "/endpointcost/pv", MT_PV_ECS, ECS_PARAMS, ["link-props"])):
        e = res[rid]
        assert len(rid) + 1 + len("costmap") <= 64 and len(rid) <= 31    # 9275 6.6
        assert (e["uri"], e["media-type"], e["accepts"], e["uses"]) == \
            (base + uri, mt, accepts, uses)
        caps = e["capabilities"]
        assert set(caps) == {"cost-type-names", "ane-property-names"}  # no cost-constraints
        assert caps["cost-type-names"][0] == "path-vector"
        assert sorted(caps["cost-type-names"][1:]) == all_types[1:]
        assert caps["ane-property-names"] == PROPS
    mappings = {".ane": ["max-reservable-bandwidth", "priv:altospec-delay-ow"]}
    assert res["link-props"] == {"uri": base + "/propmap/lookup/link-props",
                                 "media-type": PROPMAP, "accepts": PROPMAP_PARAMS,
                                 "capabilities": {"mappings": mappings}}
    assert res["link-props-full"] == {"uri": base + "/propmap/link-props",
                                      "media-type": PROPMAP,
                                      "capabilities": {"mappings": mappings}}
    # Only the multipart resources offer the path vector type.
    for rid, e in res.items():
        if not e["media-type"].startswith("multipart/"):
            assert "path-vector" not in e.get("capabilities", {}).get("cost-type-names", [])
    assert len(res) == 16


def test_no_path_vector_serves_plain_rfc7285(serve, root):
    c = _client(serve, root, IETF, "--no-path-vector")
    d = ird(c)
    assert "path-vector" not in d["meta"]["cost-types"]
    assert not {"filtered-cost-map-pv", "endpoint-cost-pv", "link-props",
                "link-props-full"} & set(d["resources"])
    assert len(d["resources"]) == 12
    for path in ("/costmap/pv", "/endpointcost/pv", "/propmap/lookup/link-props"):
        c.error(path, {"cost-type": PV}, COSTMAP_FILTER, status=404)
    assert c.request("GET", "/propmap/link-props")[0] == 404


# ---- multipart filtered cost map ----

def test_costmap_pv_vectors_are_the_routes(ietf):
    pv, pm, info = costmap_pv(ietf, ["pid-client"], [], PROPS)
    assert info["ids"] == ["costmap", "propmap"]             # path vector part first
    assert info["start"] == "<costmap@127.0.0.1>" and info["root_index"] == 0
    assert pv["meta"]["vtag"]["resource-id"] == "filtered-cost-map-pv.costmap"
    assert pv["meta"]["cost-type"] == PV
    row = pv["cost-map"]["pid-client"]
    for dst in ("xrd1", "xrd2", "xrd3", "xrd4"):
        assert row["pid-" + dst] == anes(ROUTES[("client", dst)]), dst
    assert row["pid-client"] == []                  # a host to itself: no link
    assert "default" not in row                     # no host: undefined, omitted
    assert "s3-s4" in row["pid-xrd3"]               # client <-> xrd3 crosses s3-s4
    # One entry per ANE, each with the link's capacity and its persistent id.
    for key, props in pm["property-map"].items():
        name = key[len(".ane:"):]
        a, b = name.split("-")
        assert props == {"max-reservable-bandwidth": CAP[(a, b)],
                         "persistent-entity-id": "link-props.ane:" + name}, key


def test_costmap_pv_agrees_with_the_rfc7285_cost_maps(ietf, groups):
    """For every PID pair: len(vector) = hopcount and the smallest
    max-reservable-bandwidth on it = 8 x bw-available (bytes/s)."""
    for c in (ietf, groups):
        pv, pm, _ = costmap_pv(c, props=["max-reservable-bandwidth"])
        hops = c.json("GET", "/costmap/num-hopcount")["cost-map"]
        bw = c.json("GET", "/costmap/num-bw-available")["cost-map"]
        props = pm["property-map"]
        n = 0
        for src, row in hops.items():
            for dst, h in row.items():
                vec = pv["cost-map"][src][dst]
                assert len(vec) == h, (src, dst)
                if src != dst or vec:
                    bottleneck = min(props[".ane:" + a]["max-reservable-bandwidth"] for a in vec)
                    assert bottleneck == bw[src][dst] * 8, (src, dst)
                n += 1
        assert sum(len(r) for r in pv["cost-map"].values()) == n   # nothing more either
        assert n >= 9


def test_costmap_pv_multi_host_pid_takes_the_bottleneck_pair(groups):
    """PID east = {c, d}: the route of the host pair with the smallest
    bottleneck, ties broken by the longer delay (d's link has 2 ms)."""
    pv, pm, _ = costmap_pv(groups, ["pid-a", "east"], ["pid-a", "east", "pid-b"])
    cm = pv["cost-map"]
    assert cm["pid-a"]["east"] == ["a-s1", "s1-s2", "s2-d"]
    assert cm["east"]["pid-a"] == ["d-s2", "s2-s1", "s1-a"]
    assert cm["east"]["east"] == ["c-s2", "s2-d"]
    assert cm["pid-a"]["pid-b"] == ["a-s1", "s1-b"]
    assert all(v == {} for v in pm["property-map"].values())   # no property asked


def test_non_path_vector_type_gives_an_empty_property_map(ietf):
    for name, metric, mode in (("num-routingcost", "routingcost", "numerical"),
                               ("ord-hopcount", "hopcount", "ordinal")):
        ct = {"cost-metric": metric, "cost-mode": mode}
        pv, pm, _ = costmap_pv(ietf, ["pid-client"], ["pid-xrd3", "pid-xrd4"], PROPS, ct=ct)
        plain = ietf.json("POST", "/costmap/filtered",
                          {"cost-type": ct, "pids": {"srcs": ["pid-client"],
                                                    "dsts": ["pid-xrd3", "pid-xrd4"]}},
                          COSTMAP_FILTER)
        assert pv["cost-map"] == plain["cost-map"], name
        assert pv["meta"]["cost-type"] == plain["meta"]["cost-type"]
        assert pm["property-map"] == {}                     # 9275 7.2.6 MUST


def test_vtags_and_dependent_vtags(ietf):
    nm = ietf.json("GET", "/networkmap")["meta"]["vtag"]
    a1, p1, _ = costmap_pv(ietf, ["pid-client"], ["pid-xrd3"], PROPS)
    a2, p2, _ = costmap_pv(ietf, ["pid-client"], ["pid-xrd3"], PROPS)
    b, _, _ = costmap_pv(ietf, ["pid-client"], ["pid-xrd4"], PROPS)
    assert a1["meta"]["dependent-vtags"] == [nm]
    assert a1["meta"]["vtag"] == a2["meta"]["vtag"]       # same content, same version
    assert a1["meta"]["vtag"]["tag"] != b["meta"]["vtag"]["tag"]
    lp = ietf.json("POST", "/propmap/lookup/link-props", {"entities": []}, PROPMAP_PARAMS)
    assert p1["meta"]["dependent-vtags"] == [a1["meta"]["vtag"], lp["meta"]["vtag"]]
    _, p3, _ = costmap_pv(ietf, ["pid-client"], ["pid-xrd3"], ["max-reservable-bandwidth"])
    assert len(p3["meta"]["dependent-vtags"]) == 1      # no persistent ids, no link-props


def test_ane_property_names_filtering(ietf):
    for props, keys in ((None, set()), ([], set()),
                        (["max-reservable-bandwidth"], {"max-reservable-bandwidth"}),
                        (["persistent-entity-id"], {"persistent-entity-id"}),
                        (PROPS + PROPS, set(PROPS))):
        _, pm, _ = costmap_pv(ietf, ["pid-client"], ["pid-xrd4"], props)
        assert set(pm["property-map"]) == {".ane:" + a for a in anes(ROUTES[("client", "xrd4")])}
        for v in pm["property-map"].values():
            assert set(v) == keys, props


def test_persistent_entity_ids_resolve_in_link_props(ietf):
    _, pm, _ = ecs_pv(ietf, [ADDR["xrd4"]], [ADDR["xrd1"]], PROPS)
    ids = {k: v["persistent-entity-id"] for k, v in pm["property-map"].items()}
    assert len(ids) == 5
    ents = []
    for key, peid in ids.items():
        rid, _, local = peid.partition(".")
        assert rid == "link-props"                    # the IRD's defining resource
        ents.append("." + local)                      # queried as ".ane:<name>"
    lp = ietf.json("POST", "/propmap/lookup/link-props",
                   {"entities": ents, "properties": []}, PROPMAP_PARAMS)
    assert set(lp["property-map"]) == set(pm["property-map"])
    for key, v in pm["property-map"].items():
        assert lp["property-map"][key]["max-reservable-bandwidth"] == \
            v["max-reservable-bandwidth"]


# ---- multipart Endpoint Cost Service ----

def test_ecs_pv_vectors_are_the_host_routes(ietf):
    srcs = [ADDR["client"], ADDR["xrd3"], ADDR["xrd4"]]
    dsts = [ADDR["xrd3"], ADDR["client"], ADDR["xrd1"], "ipv4:192.0.2.9"]
    pv, pm, info = ecs_pv(ietf, srcs, dsts, ["max-reservable-bandwidth"])
    assert info["ids"] == ["ecs", "propmap"]
    assert pv["meta"]["vtag"]["resource-id"] == "endpoint-cost-pv.ecs"
    ecm = pv["endpoint-cost-map"]
    for (s, d), nodes in ROUTES.items():
        if ADDR[s] in srcs and ADDR[d] in dsts:
            assert ecm[ADDR[s]][ADDR[d]] == anes(nodes), (s, d)
    assert ecm[ADDR["xrd3"]][ADDR["xrd3"]] == []
    assert all("ipv4:192.0.2.9" not in row for row in ecm.values())   # default PID
    assert ecm[ADDR["client"]][ADDR["xrd3"]] != ecm[ADDR["xrd3"]][ADDR["client"]][::-1]
    for key, v in pm["property-map"].items():
        a, b = key[len(".ane:"):].split("-")
        assert v == {"max-reservable-bandwidth": CAP[(a, b)]}


def test_ecs_pv_other_types_and_client_default(ietf):
    ct = {"cost-metric": "hopcount", "cost-mode": "numerical"}
    pv, pm, _ = ecs_pv(ietf, [ADDR["client"]], [ADDR["xrd4"]], PROPS, ct=ct)
    assert pv["endpoint-cost-map"] == {ADDR["client"]: {ADDR["xrd4"]: 4}}
    assert pm["property-map"] == {}
    # Missing srcs = the client's own address (127.0.0.1: the default PID,
    # which has no route), as RFC 7285 11.5.1.3 says.
    pv, pm, _ = ietf.pv("/endpointcost/pv", {"cost-type": PV, "endpoints": {"dsts": [ADDR["xrd1"]]}},
                        ECS_PARAMS, "endpoint-cost-pv")
    assert pv["endpoint-cost-map"] == {} and pm["property-map"] == {}


def test_content_ids_name_the_host_asked_for(ietf):
    body = {"cost-type": PV, "endpoints": {"srcs": [ADDR["client"]], "dsts": [ADDR["xrd2"]]}}
    for host, domain in (("alto.example.com", "alto.example.com"),
                         ("alto.example.com:8080", "alto.example.com"),
                         ("[::1]:80", "localhost"), ("bad host", "localhost")):
        _, _, info = ietf.pv("/endpointcost/pv", body, ECS_PARAMS, "endpoint-cost-pv",
                             headers={"Host": host})
        assert info["domain"] == domain, host
        assert info["start"] == f"<ecs@{domain}>"


# ---- errors ----

BAD = [
    ({"cost-type": PV, "ane-property-names": ["bandwidth"]},
     "E_INVALID_FIELD_VALUE", "ane-property-names", "bandwidth"),
    ({"cost-type": PV, "ane-property-names": ["priv:altospec-delay-ow"]},
     "E_INVALID_FIELD_VALUE", "ane-property-names", "priv:altospec-delay-ow"),
    ({"cost-type": PV, "ane-property-names": "max-reservable-bandwidth"},
     "E_INVALID_FIELD_TYPE", "ane-property-names", None),
    ({"cost-type": PV, "ane-property-names": [7]},
     "E_INVALID_FIELD_VALUE", "ane-property-names", "7"),
    ({"cost-type": PV, "constraints": ["le 3"]}, "E_INVALID_FIELD_VALUE", "constraints", None),
    ({"cost-type": {"cost-metric": "ane-path", "cost-mode": "numerical"}},
     "E_INVALID_FIELD_VALUE", "cost-type/cost-mode", "numerical"),
    ({"cost-type": {"cost-metric": "shoesize", "cost-mode": "array"}},
     "E_INVALID_FIELD_VALUE", "cost-type/cost-metric", "shoesize"),
    ({"cost-type": {"cost-metric": "routingcost", "cost-mode": "array"}},
     "E_INVALID_FIELD_VALUE", "cost-type/cost-mode", "array"),
    ({"ane-property-names": []}, "E_MISSING_FIELD", "cost-type", None),
]


def test_bad_requests(ietf):
    for body, code, field, value in BAD:
        for path, ctype, extra in (("/costmap/pv", COSTMAP_FILTER, {}),
                                   ("/endpointcost/pv", ECS_PARAMS,
                                    {"endpoints": {"srcs": [ADDR["client"]]}})):
            meta = ietf.error(path, {**body, **extra}, ctype)
            assert (meta["code"], meta.get("field")) == (code, field), (path, body, meta)
            if value is not None:
                assert meta.get("value") == value, (path, body, meta)
    m = ietf.error("/costmap/pv", {"cost-type": PV, "pids": {"srcs": ["a b"], "dsts": []}},
                   COSTMAP_FILTER)
    assert (m["code"], m["field"]) == ("E_INVALID_FIELD_VALUE", "pids/srcs")
    m = ietf.error("/endpointcost/pv", {"cost-type": PV, "endpoints": {"srcs": ["10.0.0.1"]}},
                   ECS_PARAMS)
    assert (m["code"], m["field"]) == ("E_INVALID_FIELD_VALUE", "endpoints/srcs")
    assert ietf.error("/costmap/pv", "{", COSTMAP_FILTER)["code"] == "E_SYNTAX"
    # The RFC 7285 resources do not offer the path vector type.
    m = ietf.error("/costmap/filtered", {"cost-type": PV}, COSTMAP_FILTER)
    assert (m["code"], m["field"], m["value"]) == \
        ("E_INVALID_FIELD_VALUE", "cost-type/cost-metric", "ane-path")


def test_http_level_errors_and_negotiation(ietf):
    body = {"cost-type": PV}
    ietf.error("/costmap/pv", body, "application/json", status=415)
    ietf.error("/costmap/pv", body, ECS_PARAMS, status=415)
    ietf.error("/endpointcost/pv", body, COSTMAP_FILTER, status=415)
    for accept in ("application/alto-costmap+json", "application/alto-error+json",
                   "multipart/related;type=application/alto-endpointcost+json",
                   "multipart/mixed"):
        ietf.error("/costmap/pv", body, COSTMAP_FILTER, status=406, accept=accept)
    for accept in ("multipart/related;type=application/alto-costmap+json,application/alto-error+json",
                   'multipart/related; type="application/alto-costmap+json"',
                   "multipart/related", "multipart/*", "*/*"):
        st = ietf.request("POST", "/costmap/pv", body, COSTMAP_FILTER, accept=accept)[0]
        assert st == 200, accept
    st, r, _ = ietf.request("GET", "/costmap/pv")
    assert st == 405 and r.getheader("Allow") == "POST"


# ---- RFC 9240 link property maps ----

def test_link_props_full_map(ietf):
    st, r, data = ietf.request("GET", "/propmap/link-props")
    assert st == 200 and r.getheader("Content-Type") == PROPMAP
    d = S.check_property_map(json.loads(data))
    assert d["meta"]["vtag"]["resource-id"] == "link-props-full"
    pm = d["property-map"]
    assert len(pm) == 2 * len(CAPACITY)                 # one entity per direction
    for (a, b), bps in CAP.items():
        assert pm[f".ane:{a}-{b}"]["max-reservable-bandwidth"] == bps
        delay = DELAY_US.get((a, b), DELAY_US.get((b, a), 0))
        assert pm[f".ane:{a}-{b}"]["priv:altospec-delay-ow"] == delay
    etag = r.getheader("ETag")
    assert etag and ietf.request("GET", "/propmap/link-props",
                                 headers={"If-None-Match": etag})[0] == 304
    st, r, data = ietf.request("HEAD", "/propmap/link-props")
    assert st == 200 and data == b"" and r.getheader("Content-Type") == PROPMAP


def test_link_props_filtered(ietf):
    full = ietf.json("GET", "/propmap/link-props")["property-map"]

    def q(body):
        return ietf.json("POST", "/propmap/lookup/link-props", body, PROPMAP_PARAMS)
    d = q({"entities": [".ane:s3-s4", ".ane:s4-s5", ".ane:s3-s4", ".ane:no-such"],
           "properties": ["max-reservable-bandwidth"]})
    assert d["property-map"] == {".ane:s3-s4": {"max-reservable-bandwidth": 5 * MBPS},
                                 ".ane:s4-s5": {"max-reservable-bandwidth": 2 * MBPS}}
    assert d["meta"]["vtag"]["resource-id"] == "link-props"
    assert q({"entities": []})["property-map"] == {k: {} for k in full}     # ids only
    assert q({"entities": [], "properties": []})["property-map"] == full
    assert q({"entities": [".ane:s5-s4"]})["property-map"] == {".ane:s5-s4": {}}
    bad = [({}, "E_MISSING_FIELD", "entities", None),
           ({"entities": ".ane:s3-s4"}, "E_INVALID_FIELD_TYPE", "entities", None),
           ({"entities": ["link-props.ane:s3-s4"]}, "E_INVALID_FIELD_VALUE", "entities",
            "link-props.ane:s3-s4"),
           ({"entities": ["ipv4:10.0.0.250"]}, "E_INVALID_FIELD_VALUE", "entities",
            "ipv4:10.0.0.250"),
           ({"entities": [".ane:bad name"]}, "E_INVALID_FIELD_VALUE", "entities", ".ane:bad name"),
           ({"entities": [], "properties": ["persistent-entity-id"]},
            "E_INVALID_FIELD_VALUE", "properties", "persistent-entity-id"),
           ({"entities": [], "properties": ["cpu"]}, "E_INVALID_FIELD_VALUE", "properties", "cpu")]
    for body, code, field, value in bad:
        m = ietf.error("/propmap/lookup/link-props", body, PROPMAP_PARAMS)
        assert (m["code"], m.get("field"), m.get("value")) == (code, field, value), body
    ietf.error("/propmap/lookup/link-props", {"entities": []}, COSTMAP_FILTER, status=415)


def test_reload_changes_every_version(serve, root, tmp_path):
    """A changed capacity changes the link maps' tag and the vectors' vtag."""
    topo = tmp_path / "t.yaml"
    text = open(os.path.join(root, IETF)).read()
    topo.write_text(text)
    c = Client(serve(str(topo), "--quiet", "--path-vector"))
    pv1, pm1, _ = costmap_pv(c, ["pid-client"], ["pid-xrd3"], PROPS)
    topo.write_text(text.replace("{a: s3, b: s4, bandwidth: 5Mbps",
                                 "{a: s3, b: s4, bandwidth: 4Mbps"))
    c.served.proc.send_signal(signal.SIGHUP)
    deadline = time.time() + 10
    while time.time() < deadline:
        pv2, pm2, _ = costmap_pv(c, ["pid-client"], ["pid-xrd3"], PROPS)
        if pm2["property-map"][".ane:s3-s4"]["max-reservable-bandwidth"] == 4 * MBPS:
            break
        time.sleep(0.05)
    assert pm2["property-map"][".ane:s3-s4"]["max-reservable-bandwidth"] == 4 * MBPS
    assert pv1["cost-map"] == pv2["cost-map"]                      # same route ...
    assert pv1["meta"]["dependent-vtags"] != pv2["meta"]["dependent-vtags"]
    assert pm1["meta"]["dependent-vtags"][1] != pm2["meta"]["dependent-vtags"][1]

"""`altospec serve --multi-cost`: the RFC 8189 resources of the reference
server, their IRD entries, answers and errors (server-under-test/srv_mc.c,
README "Multi-cost").  The conformance side is test_conform_8189.py."""
import json
import os
import urllib.request

import pytest

from conf_helpers import RefServer, post_json

CMF = "application/alto-costmapfilter+json"
ECP = "application/alto-endpointcostparams+json"
RC = {"cost-metric": "routingcost", "cost-mode": "numerical"}
HC = {"cost-metric": "hopcount", "cost-mode": "numerical"}
BW = {"cost-metric": "bw-available", "cost-mode": "numerical"}
ORD = {"cost-metric": "routingcost", "cost-mode": "ordinal"}


@pytest.fixture(scope="module")
def srv(altospec, root):
    with RefServer(altospec, os.path.join(root, "scenarios/ietf113/topology.yaml"), "--multi-cost", "--quiet") as rs:
        yield rs


def post(srv, path, body, ctype=CMF):
    return post_json(srv.base + path, body, ctype)


def test_ird_entries(srv):
    d = json.load(urllib.request.urlopen(srv.ird))
    mc = d["resources"]["filtered-cost-map-mc"]
    assert mc["uri"].endswith("/costmap/multicost") and mc["uses"] == ["default-network-map"]
    caps = mc["capabilities"]
    assert caps["max-cost-types"] == 4 and "cost-constraints" not in caps
    types = {n: t for n, t in d["meta"]["cost-types"].items() if n != "path-vector"}   # RFC 9275's own
    assert caps["cost-type-names"] == list(types)
    assert set(caps["testable-cost-type-names"]) == {n for n, t in types.items() if t["cost-mode"] == "numerical"}
    assert "uses" not in d["resources"]["endpoint-cost-mc"]


def test_answer_matches_single_cost_answers(srv):
    st, ct, doc = post(srv, "/costmap/multicost", {"multi-cost-types": [RC, BW, ORD]})
    assert st == 200 and ct == "application/alto-costmap+json"
    assert doc["meta"]["cost-type"] == {} and [t["cost-metric"] for t in doc["meta"]["multi-cost-types"]] == \
        ["routingcost", "bw-available", "routingcost"]
    singles = [post(srv, "/costmap/filtered", {"cost-type": t})[2]["cost-map"] for t in (RC, BW, ORD)]
    nulls = 0
    for s, row in doc["cost-map"].items():
        for d, v in row.items():
            assert v == [singles[k].get(s, {}).get(d) for k in range(3)]
            nulls += v.count(None)
    assert nulls > 0


def test_testable_and_or_constraints(srv):
    full = post(srv, "/costmap/multicost", {"multi-cost-types": [RC, HC]})[2]["cost-map"]
    st, _, doc = post(srv, "/costmap/multicost", {"multi-cost-types": [RC], "testable-cost-types": [HC],
                                                  "constraints": ["[0] le 1"]})
    assert st == 200
    want = {(s, d) for s, r in full.items() for d, v in r.items() if v[1] <= 1}
    assert {(s, d) for s, r in doc["cost-map"].items() for d in r} == want
    st, _, doc = post(srv, "/costmap/multicost", {"multi-cost-types": [RC, HC],
                                                  "or-constraints": [["[0] le 0.2"], ["[1] ge 3"]]})
    want = {(s, d) for s, r in full.items() for d, v in r.items() if v[0] <= 0.2 or v[1] >= 3}
    assert {(s, d) for s, r in doc["cost-map"].items() for d in r} == want


def test_single_cost_on_the_multi_cost_resource_is_the_rfc7285_answer(srv):
    a = post(srv, "/costmap/multicost", {"cost-type": RC})
    b = post(srv, "/costmap/filtered", {"cost-type": RC})
    assert a == b


@pytest.mark.parametrize("body,code,field,value", [
    ({"cost-type": RC, "multi-cost-types": [RC]}, "E_INVALID_FIELD_VALUE", "multi-cost-types", None),
    ({}, "E_MISSING_FIELD", "cost-type", None),
    ({"multi-cost-types": []}, "E_INVALID_FIELD_VALUE", "multi-cost-types", "[]"),
    ({"multi-cost-types": [RC, HC, BW, ORD, {"cost-metric": "delay-ow", "cost-mode": "numerical"}]},
     "E_INVALID_FIELD_VALUE", "multi-cost-types", None),
    ({"multi-cost-types": [RC, RC]}, "E_INVALID_FIELD_VALUE", "multi-cost-types", None),
    ({"multi-cost-types": [RC], "constraints": ["[1] le 5"]}, "E_INVALID_FIELD_VALUE", "constraints", "[1] le 5"),
    ({"multi-cost-types": [RC], "constraints": ["[0] lte 5"]}, "E_INVALID_FIELD_VALUE", "constraints", "[0] lte 5"),
    ({"multi-cost-types": [RC], "constraints": ["le 5"], "or-constraints": [["le 5"]]},
     "E_INVALID_FIELD_VALUE", "or-constraints", None),
    ({"multi-cost-types": [RC], "or-constraints": [["le 5"], []]}, "E_INVALID_FIELD_VALUE", "or-constraints", "[]"),
    ({"multi-cost-types": [ORD], "constraints": ["le 5"]}, "E_INVALID_FIELD_VALUE", "constraints", "le 5"),
    ({"multi-cost-types": [RC], "testable-cost-types": [ORD]}, "E_INVALID_FIELD_VALUE", "testable-cost-types", None),
    ({"multi-cost-types": [{"cost-metric": "routingcost", "cost-mode": "priv:mine"}]},
     "E_INVALID_FIELD_VALUE", "multi-cost-types/cost-mode", "priv:mine"),
    ({"multi-cost-types": [{"cost-metric": "routingcost", "cost-mode": "bogus mode"}]},
     "E_INVALID_FIELD_VALUE", "multi-cost-types/cost-mode", "bogus mode"),
])
def test_forbidden_requests(srv, body, code, field, value):
    for path, ctype, extra in (("/costmap/multicost", CMF, {}),
                               ("/endpointcost/multicost", ECP, {"endpoints": {"srcs": ["ipv4:10.0.0.1"],
                                                                               "dsts": ["ipv4:10.0.0.2"]}})):
        st, ct, doc = post(srv, path, {**body, **extra}, ctype)
        assert st == 400 and ct == "application/alto-error+json", (path, doc)
        assert doc["meta"]["code"] == code and doc["meta"].get("field") == field, (path, doc)
        if value is not None:
            assert doc["meta"]["value"] == value
        elif code == "E_INVALID_FIELD_VALUE":
            assert "value" in doc["meta"]

"""The RFC 7285 shape validators (altoschema.py) against the RFC's own
examples: every valid example passes, every example the INDEX marks INVALID
really fails to parse, and broken variants of valid messages are rejected
(so the validators can fail).  The server tests use these same validators."""
import copy
import json
import os

import pytest

import altoschema as S
from conftest import DATA

EXAMPLES = os.path.join(DATA, "rfc", "examples", "rfc7285")

# Examples without a message header to take the media type from.
MEDIA_BY_NAME = {"10.4.5-1-json": None}   # a bare EndpointAddrGroup
# Per-example options: the delegated IRD of 9.2.4 is not a root IRD.
OPTIONS = {"9.2.4-2-resp": {"root": False}, "11.2.1.7-2-resp": {"complete": True}}


def _index():
    rows = {}
    with open(os.path.join(EXAMPLES, "INDEX.tsv")) as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 3:
                rows[cols[0]] = cols[2]
    return rows


def _media_type(name):
    txt = os.path.join(EXAMPLES, name + ".txt")
    with open(txt) as f:
        for line in f:
            if line.lower().startswith("content-type:"):
                return line.split(":", 1)[1].strip()
    return None


def _json_examples():
    idx = _index()
    names = sorted(f[:-5] for f in os.listdir(EXAMPLES) if f.endswith(".json"))
    return [(n, idx.get(n, "")) for n in names]


def test_index_covers_every_example():
    idx = _index()
    examples = _json_examples()
    assert len(examples) >= 13
    for name, _ in examples:
        assert name in idx, f"{name} missing from INDEX.tsv"


@pytest.mark.parametrize("name,status", _json_examples())
def test_rfc7285_example(name, status):
    with open(os.path.join(EXAMPLES, name + ".json")) as f:
        text = f.read()
    if status.startswith("INVALID"):
        with pytest.raises(json.JSONDecodeError):
            json.loads(text)
        return
    doc = json.loads(text)
    if name in MEDIA_BY_NAME:
        S.check_addr_group(doc, "")
        return
    mt = _media_type(name)
    assert mt, f"{name}: no Content-Type in {name}.txt"
    S.check(mt, doc, **OPTIONS.get(name, {}))


def _load(name):
    with open(os.path.join(EXAMPLES, name + ".json")) as f:
        return json.load(f)


def _rejects(fn, doc, **kw):
    with pytest.raises(S.ShapeError):
        fn(doc, **kw)


def test_network_map_mutations_rejected():
    good = _load("11.2.1.7-2-resp")
    S.check_network_map(good, complete=True)
    bad = copy.deepcopy(good); del bad["meta"]["vtag"]
    _rejects(S.check_network_map, bad)
    bad = copy.deepcopy(good); bad["meta"]["vtag"]["tag"] = "has space"
    _rejects(S.check_network_map, bad)
    bad = copy.deepcopy(good); bad["network-map"]["PID2"]["ipv4"] = ["192.0.2.0/24"]
    _rejects(S.check_network_map, bad)          # identical prefix in PID1 and PID2
    bad = copy.deepcopy(good); bad["network-map"]["PID1"]["ipv4"][0] = "192.0.2.1/24"
    _rejects(S.check_network_map, bad, strict=True)     # host bits set
    bad = copy.deepcopy(good); bad["network-map"]["PID 1"] = bad["network-map"].pop("PID1")
    _rejects(S.check_network_map, bad)
    bad = copy.deepcopy(good); del bad["network-map"]["PID3"]
    S.check_network_map(bad)                    # fine as a filtered map ...
    _rejects(S.check_network_map, bad, complete=True)   # ... but not complete


def test_cost_map_mutations_rejected():
    good = _load("11.2.3.7-2-resp")
    S.check_cost_map(good)
    bad = copy.deepcopy(good); bad["meta"]["dependent-vtags"].append(bad["meta"]["dependent-vtags"][0])
    _rejects(S.check_cost_map, bad)
    bad = copy.deepcopy(good); del bad["meta"]["cost-type"]
    _rejects(S.check_cost_map, bad)
    bad = copy.deepcopy(good); bad["cost-map"]["PID1"]["PID2"] = "1"
    _rejects(S.check_cost_map, bad)
    bad = copy.deepcopy(good); bad["meta"]["cost-type"]["cost-mode"] = "ordinal"
    bad["cost-map"]["PID1"]["PID2"] = 1.5
    _rejects(S.check_cost_map, bad)


def test_endpoint_and_ird_mutations_rejected():
    ecs = _load("11.5.1.7-2-resp")
    bad = copy.deepcopy(ecs); bad["endpoint-cost-map"]["192.0.2.2"] = {}
    _rejects(S.check_endpoint_cost, bad)        # untyped address
    ep = _load("11.4.1.7-2-resp")
    bad = copy.deepcopy(ep); bad["meta"]["dependent-vtags"] = []
    _rejects(S.check_endpoint_prop, bad)
    bad = copy.deepcopy(ep); bad["endpoint-properties"]["ipv4:192.0.2.34"]["x.y.z"] = 1
    _rejects(S.check_endpoint_prop, bad)
    ird = _load("9.2.4-2-resp")
    _rejects(S.check_ird, ird)                  # no default-alto-network-map: not a root IRD
    _rejects(S.check_ird, ird, root=False, strict_refs=True)   # uses a root-IRD map
    bad = copy.deepcopy(ird); del bad["resources"]["filtered-cost-map"]["uri"]
    _rejects(S.check_ird, bad, root=False)
    bad = copy.deepcopy(ird)
    bad["resources"]["ordinal-routing-cost-map"]["capabilities"]["cost-type-names"].append("ord-hop")
    _rejects(S.check_ird, bad, root=False)      # full cost map with two types


def test_error_shapes():
    S.check_error({"meta": {"code": "E_SYNTAX", "syntax-error": "line 1"}})
    S.check_error({"meta": {"code": "E_INVALID_FIELD_VALUE", "field": "cost-type/cost-mode",
                            "value": "foo"}})
    _rejects(S.check_error, {"meta": {"code": "E_INVALID_COST_MODE"}})
    _rejects(S.check_error, {"meta": {"code": "E_INVALID_FIELD_VALUE", "value": "foo"}})
    _rejects(S.check_error, {"meta": {"code": "E_INVALID_FIELD_VALUE", "field": "x",
                                      "value": 5}})
    _rejects(S.check_error, {"code": "E_SYNTAX"})
    with pytest.raises(S.ShapeError):
        S.check("application/json", {})


def test_requests_mutations_rejected():
    req = _load("11.5.1.7-1-req")
    S.check_req_endpoint_cost(req)
    bad = copy.deepcopy(req); bad["endpoints"] = {"srcs": [], "dsts": []}
    _rejects(S.check_req_endpoint_cost, bad)
    bad = copy.deepcopy(req); bad["constraints"] = ["ne 5"]
    _rejects(S.check_req_endpoint_cost, bad)
    freq = _load("11.3.2.7-1-req")
    bad = copy.deepcopy(freq); del bad["pids"]["dsts"]
    _rejects(S.check_req_filtered_cost_map, bad)
    S.check_typed_addr("ipv6:2001:db8::1", "")
    for bad in ("ipv6:2001:DB8::1", "ipv4:300.1.1.1", "192.0.2.1", "ipx:1"):
        with pytest.raises(S.ShapeError):
            S.check_typed_addr(bad, "")

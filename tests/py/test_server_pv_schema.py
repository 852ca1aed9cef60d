"""The RFC 9240 / RFC 9275 validators of altoschema.py against the RFCs' own
examples (data/rfc/examples/rfc9240, rfc9275 and their INDEX.tsv).

Every example the INDEX marks valid JSON is checked.  Four of the RFC 9275
multipart examples break a MUST of the RFC's own text, and the validators
must say so (a validator that accepted them would be too lax):
  7.3.6-1-resp  the Endpoint Cost part names its data "cost-map" instead of
                "endpoint-cost-map" (RFC 7285 11.5.1.6; 9275 7.3.6 requires
                that format);
  8.4-2-resp, 8.4-3-resp, 8.6-2-resp  "vtags" for "vtag": the path vector
                part has no meta.vtag, which 9275 7.3.6 says it MUST have.
Each is also checked repaired (the one typo fixed), which must then pass,
so the rejection is for that reason and no other.  The multipart examples
print no close-delimiter and LF line ends, so they are parsed leniently
(strict=False); the server's own answers are parsed strictly.  Mutations
of valid messages check that each rule can fail."""
import copy
import json
import os

import pytest

import altoschema as S
from conftest import DATA

EX = os.path.join(DATA, "rfc", "examples")
PV_EX = os.path.join(EX, "rfc9275")
PM_EX = os.path.join(EX, "rfc9240")

# multipart example -> (resource id, expected failure message or None, repair)
MULTIPART = {
    "7.2.6-1-resp": ("filtered-cost-map-pv", None, None),
    "8.3-2-resp": ("filtered-cost-map-pv", None, None),
    "7.3.6-1-resp": ("ecs-pv", 'missing required member "endpoint-cost-map"',
                     ('"cost-map"', '"endpoint-cost-map"')),
    "8.4-2-resp": ("endpoint-cost-pv", '/pv/meta: missing required member "vtag"',
                   ('"vtags"', '"vtag"')),
    "8.4-3-resp": ("endpoint-cost-pv", '/pv/meta: missing required member "vtag"',
                   ('"vtags"', '"vtag"')),
    "8.6-2-resp": ("endpoint-cost-pv", '/pv/meta: missing required member "vtag"',
                   ('"vtags"', '"vtag"')),
}


def _index(d):
    rows = {}
    with open(os.path.join(d, "INDEX.tsv")) as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 2:
                rows[cols[0]] = cols[1]
    return rows


def _header(path, name):
    """A header of a .txt example, folded lines joined (the extraction
    dedented the continuation lines, so any line without a colon-prefixed
    name continues the previous one)."""
    value = None
    with open(path) as f:
        for line in f.read().splitlines()[1:]:
            if value is not None and line and ":" not in line.split(" ")[0]:
                value += " " + line.strip()
                continue
            if value is not None:
                break
            if line.lower().startswith(name.lower() + ":"):
                value = line.split(":", 1)[1].strip()
    return value


def _load(d, name):
    with open(os.path.join(d, name)) as f:
        return json.load(f)


def _multipart(name, repair=None):
    ctype = _header(os.path.join(PV_EX, name + ".txt"), "Content-Type")
    with open(os.path.join(PV_EX, name + ".body.txt"), "rb") as f:
        body = f.read()
    if repair:
        body = body.replace(repair[0].encode(), repair[1].encode(), 1)
    return ctype, body


def test_index_lists_what_this_file_checks():
    idx = _index(PV_EX)
    assert {k for k, v in idx.items() if v == "multipart"} == set(MULTIPART)
    assert idx["8.2-1-json"].startswith("INVALID")


@pytest.mark.parametrize("name", sorted(MULTIPART))
def test_rfc9275_multipart_examples(name):
    rid, bad_msg, repair = MULTIPART[name]
    ctype, body = _multipart(name)
    assert ctype.startswith("multipart/related")
    if bad_msg is None:
        pv, pm, info = S.check_pv_response(ctype, body, resource_id=rid, strict=False)
        assert info["ids"][info["root_index"]] == "costmap"
        assert pm["meta"]["dependent-vtags"][0] == pv["meta"]["vtag"]
    else:
        with pytest.raises(S.ShapeError) as e:
            S.check_pv_response(ctype, body, resource_id=rid, strict=False)
        assert bad_msg in str(e.value), str(e.value)
        S.check_pv_response(*_multipart(name, repair), resource_id=rid, strict=False)
    with pytest.raises(S.ShapeError):          # no close-delimiter: not strict
        S.check_pv_response(ctype, body, resource_id=rid, strict=True)


def _parts():
    idx = _index(PV_EX)
    return sorted(k for k, v in idx.items() if ".part" in k and v == "valid")


@pytest.mark.parametrize("name", _parts())
def test_rfc9275_part_examples(name):
    mt = _header(os.path.join(PV_EX, name + ".headers.txt"), "Content-Type") or \
        open(os.path.join(PV_EX, name + ".headers.txt")).read().split("Content-Type:")[1].strip()
    doc = _load(PV_EX, name + ".json")
    if name == "7.3.6-1-resp.part1":          # "cost-map" in an endpoint cost map
        with pytest.raises(S.ShapeError):
            S.check(mt, doc)
        return
    S.check(mt, doc)


def _requests(d):
    idx = _index(d)
    return sorted(k for k, v in idx.items() if k.endswith("-req") and v == "valid")


@pytest.mark.parametrize("name", _requests(PV_EX))
def test_rfc9275_request_examples(name):
    mt = _header(os.path.join(PV_EX, name + ".txt"), "Content-Type")
    doc = S.check(mt, _load(PV_EX, name + ".json"))
    if "ane-property-names" in doc:
        assert set(doc["ane-property-names"]) <= {"max-reservable-bandwidth",
                                                  "persistent-entity-id"}


def _repaired_ird():
    with open(os.path.join(PV_EX, "8.2-1-json.json")) as f:
        text = f.read()
    with pytest.raises(json.JSONDecodeError):      # INDEX: a line break in a string
        json.loads(text)
    import re
    return json.loads(re.sub(r'"multipart/related;\s*\n\s*', '"multipart/related;', text))


def test_rfc9275_ird_example_repaired():
    ird = _repaired_ird()
    S.check_ird(ird, root=False, strict_refs=True)
    bad = copy.deepcopy(ird)
    bad["resources"]["filtered-cost-map-pv"]["capabilities"]["cost-constraints"] = True
    with pytest.raises(S.ShapeError):
        S.check_ird(bad, root=False)
    bad = copy.deepcopy(ird)
    bad["resources"]["multicost-pv"]["capabilities"]["testable-cost-type-names"] = ["path-vector"]
    with pytest.raises(S.ShapeError):
        S.check_ird(bad, root=False)
    bad = copy.deepcopy(ird)
    bad["resources"]["filtered-cost-map-pv"]["capabilities"]["cost-type-names"] = ["num-rc"]
    with pytest.raises(S.ShapeError):
        S.check_ird(bad, root=False, strict_refs=True)
    bad = copy.deepcopy(ird)
    bad["resources"]["ane-props"]["capabilities"]["mappings"] = {"pi:d": ["cpu"]}
    with pytest.raises(S.ShapeError):
        S.check_ird(bad, root=False)


def _pm_examples():
    idx = _index(PM_EX)
    return sorted(k for k, v in idx.items() if v == "valid")


@pytest.mark.parametrize("name", _pm_examples())
def test_rfc9240_examples(name):
    mt = _header(os.path.join(PM_EX, name + ".txt"), "Content-Type")
    doc = _load(PM_EX, name + ".json")
    if mt == "application/alto-directory+json":
        S.check_ird(doc, strict_refs=True)
    else:
        S.check(mt, doc)


def test_property_map_mutations_rejected():
    good = _load(PM_EX, "10.9-2-resp.json")
    S.check_property_map(good)
    for key in ("ane", ".ane:dc 21", "ipv4:300.1.1.1", "ipv4:2001:db8::1",
                "a.b.ane:x", ":x", "ipv6:1.2.3.4/8"):
        bad = copy.deepcopy(good)
        bad["property-map"][key] = {}
        with pytest.raises(S.ShapeError):
            S.check_property_map(bad)
    bad = copy.deepcopy(good)
    bad["property-map"][".ane:dc21"]["max-reservable-bandwidth"] = -1
    with pytest.raises(S.ShapeError):
        S.check_property_map(bad)
    bad = copy.deepcopy(good)
    bad["property-map"][".ane:dc21"]["persistent-entity-id"] = "no-domain"
    with pytest.raises(S.ShapeError):
        S.check_property_map(bad)
    bad = copy.deepcopy(good)
    bad["property-map"][".ane:dc21"]["a.b.c"] = 1
    with pytest.raises(S.ShapeError):
        S.check_property_map(bad)
    with pytest.raises(S.ShapeError):
        S.check_req_filtered_property_map({"properties": []})
    S.check_entity_id("dc-props.ane:DC1", "")
    S.check_entity_id("priv:foo-bar:x", "")
    S.check_entity_id("ipv6:2001:db8::/48", "")
    S.check_entity_id("net1.ipv6:2001:db8:0:0:0:0:0:1", "")     # 9240 5.1.3 example


# ---- check_pv_response rules, on a strict, valid message ----

CM = "application/alto-costmap+json"


def _good():
    pv = {"meta": {"vtag": {"resource-id": "r.costmap", "tag": "t1"},
                   "dependent-vtags": [{"resource-id": "nm", "tag": "t0"}],
                   "cost-type": {"cost-mode": "array", "cost-metric": "ane-path"}},
          "cost-map": {"P1": {"P2": ["L1", "L2"], "P1": []}}}
    pm = {"meta": {"dependent-vtags": [{"resource-id": "r.costmap", "tag": "t1"}]},
          "property-map": {".ane:L1": {}, ".ane:L2": {"max-reservable-bandwidth": 5}}}
    return pv, pm


def _message(pv, pm, order=(0, 1), ids=("costmap", "propmap"), types=(CM, S.MT_PROPMAP),
             start="<costmap@a.example>", boundary="B", close=True):
    docs = [pv, pm]
    body = b""
    for i in order:
        body += (f"--{boundary}\r\nContent-ID: <{ids[i]}@a.example>\r\n"
                 f"Content-Type: {types[i]}\r\n\r\n").encode() + json.dumps(docs[i]).encode() + b"\r\n"
    body += f"--{boundary}--\r\n".encode() if close else b""
    ctype = f'multipart/related; boundary={boundary}; type="{CM}"'
    if start:
        ctype += f'; start="{start}"'
    return ctype, body


def test_pv_response_rules_can_fail():
    pv, pm = _good()
    S.check_pv_response(*_message(pv, pm), resource_id="r")
    pvx, pmx, info = S.check_pv_response(*_message(pv, pm, order=(1, 0)), resource_id="r")
    assert info["root_index"] == 1                        # found by type, not position
    S.check_pv_response(*_message(pv, pm, start=None))    # start is optional

    def rejects(ctype_body, **kw):
        with pytest.raises(S.ShapeError):
            S.check_pv_response(*ctype_body, **kw)

    rejects(_message(pv, pm), resource_id="other")                  # vtag resource id
    rejects(_message(pv, pm, start="<propmap@a.example>"))          # start not the root
    rejects(_message(pv, pm, ids=("costmap", "prop map")))          # Content-ID syntax
    rejects(_message(pv, pm, types=(CM, CM)))                       # two cost maps
    rejects(_message(pv, pm, close=False))                          # no close-delimiter
    rejects((_message(pv, pm)[0].replace(CM, "application/alto-endpointcost+json"),
             _message(pv, pm)[1]))                                  # type != root part
    one = _message(pv, pm)[1].split(b"--B\r\n")
    rejects((_message(pv, pm)[0], b"--B\r\n" + one[1] + b"--B--\r\n"))   # one part only
    for mutate in (lambda p, m: m["property-map"].pop(".ane:L1"),        # ANE missing
                   lambda p, m: m["property-map"].update({".ane:L9": {}}),   # extra entry
                   lambda p, m: m["meta"].update({"dependent-vtags": [{"resource-id": "x",
                                                                       "tag": "y"}]}),
                   lambda p, m: p["meta"].pop("vtag"),
                   lambda p, m: p["cost-map"]["P1"].update({"P3": ["bad name"]}),
                   lambda p, m: p["cost-map"]["P1"].update({"P3": "L1"})):
        p2, m2 = copy.deepcopy(pv), copy.deepcopy(pm)
        mutate(p2, m2)
        rejects(_message(p2, m2))
    # Another cost type: the property map MUST be {}.
    p2 = copy.deepcopy(pv)
    p2["meta"]["cost-type"] = {"cost-mode": "numerical", "cost-metric": "routingcost"}
    p2["cost-map"] = {"P1": {"P2": 1}}
    rejects(_message(p2, pm))
    m2 = copy.deepcopy(pm)
    m2["property-map"] = {}
    S.check_pv_response(*_message(p2, m2))

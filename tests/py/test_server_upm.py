"""The reference server's RFC 9240 entity property maps over real HTTP
(`altospec serve --property-map`, scenarios/propmap/topology.yaml): the
IRD entries, the full map, filtered answers with longest-prefix
inheritance and the entities inside a requested prefix, the RFC 7285
style <netmap>.pid property, the section 8.6 errors for malformed entity
ids, unknown domains and properties, and the opt-in (no entity property
map without the flag).  Bad topology properties are refused with
file:line:col and the field."""
import json
import os
import subprocess
import urllib.error
import urllib.request

import pytest

from conf_helpers import RefServer, post_json

PMP = "application/alto-propmapparams+json"
PM = "application/alto-propmap+json"
LOOKUP = "/propmap/lookup/entities"


@pytest.fixture(scope="module")
def srv(altospec, root):
    with RefServer(altospec, os.path.join(root, "scenarios/propmap/topology.yaml"), "--property-map",
                   "--quiet") as rs:
        yield rs


def get(srv, path):
    with urllib.request.urlopen(srv.base + path) as r:
        return r.status, r.headers["Content-Type"], json.load(r)


def post(srv, body, path=LOOKUP, ctype=PMP):
    return post_json(srv.base + path, body, ctype)


def netmap_vtag(srv):
    return get(srv, "/networkmap")[2]["meta"]["vtag"]


def test_ird_entries(srv):
    res = get(srv, "/directory")[2]["resources"]
    full, filt = res["entity-props-full"], res["entity-props"]
    assert full["media-type"] == filt["media-type"] == PM
    assert filt["accepts"] == PMP and "accepts" not in full
    want = [".asn", ".country", ".site", ".storage-class"]
    assert full["capabilities"]["mappings"] == filt["capabilities"]["mappings"] == {
        "ipv4": want + ["default-network-map.pid"], "ipv6": want + ["default-network-map.pid"],
        "default-network-map.pid": want}
    assert full["uses"] == filt["uses"] == ["default-network-map"]


def test_full_map(srv):
    status, ctype, doc = get(srv, "/propmap/entities")
    assert status == 200 and ctype == PM
    assert doc["meta"]["dependent-vtags"] == [netmap_vtag(srv)]
    pm = doc["property-map"]
    assert pm["ipv4:192.0.2.0/24"] == {".asn": "64500", ".country": "FR", "default-network-map.pid": "pid-lab"}
    assert pm["ipv4:198.51.100.1"] == {".site": "cern", ".storage-class": "disk",
                                       "default-network-map.pid": "pid-cern"}
    assert pm["ipv4:0.0.0.0/0"] == {"default-network-map.pid": "default"}
    assert pm["default-network-map.pid:pid-cern"] == {".asn": "513", ".country": "CH", ".site": "cern"}
    assert "default-network-map.pid:pid-fnal" not in pm      # no properties


def test_filtered_inherits_longest_prefix(srv):
    status, ctype, doc = post(srv, {"entities": ["ipv4:198.51.100.7", "ipv4:192.0.2.10", "ipv4:8.8.8.8",
                                                 "ipv6:2001:db8:1::5"],
                                    "properties": [".asn", ".site", "default-network-map.pid"]})
    assert status == 200 and ctype == PM, doc
    assert doc["meta"]["dependent-vtags"] == [netmap_vtag(srv)]
    assert doc["property-map"] == {
        "ipv4:198.51.100.7": {".asn": "513", ".site": "cern", "default-network-map.pid": "pid-cern"},
        "ipv4:192.0.2.10": {".asn": "64500", ".site": "lab", "default-network-map.pid": "pid-lab"},
        "ipv4:8.8.8.8": {"default-network-map.pid": "default"},
        "ipv6:2001:db8:1::5": {".asn": "64500", "default-network-map.pid": "pid-lab"}}


def test_prefix_request_brings_the_entities_inside(srv):
    doc = post(srv, {"entities": ["ipv4:198.51.100.0/24"], "properties": [".storage-class"]})[2]
    assert doc["property-map"] == {"ipv4:198.51.100.1": {".storage-class": "disk"},
                                   "ipv4:198.51.100.2": {".storage-class": "tape"}}


def test_properties_absent_and_duplicates(srv):
    doc = post(srv, {"entities": ["default-network-map.pid:pid-lab", "default-network-map.pid:pid-lab",
                                  "default-network-map.pid:pid-fnal", "ipv4:192.0.2.1"]})[2]
    assert doc["property-map"] == {"default-network-map.pid:pid-lab": {}, "ipv4:192.0.2.1": {}}


def test_empty_entities_is_every_entity(srv):
    full = get(srv, "/propmap/entities")[2]["property-map"]
    doc = post(srv, {"entities": [], "properties": []})[2]
    assert set(doc["property-map"]) == set(full)


@pytest.mark.parametrize("bad", ["ipv4:10.0.0.300", "pid:pid-lab", "ipv4:10.0.0.1/8", "ipv6:2001:DB8::1",
                                 "default-network-map.pid:", "default-network-map.pid:bad name",
                                 "ipv4", "asn:as64500", "priv:x:y", ".pid:pid-lab"])
def test_bad_entity_ids(srv, bad):
    status, ctype, doc = post(srv, {"entities": ["ipv4:192.0.2.1", bad], "properties": [".asn"]})
    assert status == 400 and ctype == "application/alto-error+json"
    assert doc["meta"] == {"code": "E_INVALID_FIELD_VALUE", "field": "entities", "value": bad}


@pytest.mark.parametrize("body,code,field,value", [
    ({"properties": [".asn"]}, "E_MISSING_FIELD", "entities", None),
    ({"entities": "ipv4:192.0.2.1"}, "E_INVALID_FIELD_TYPE", "entities", None),
    ({"entities": [7]}, "E_INVALID_FIELD_VALUE", "entities", "7"),
    ({"entities": ["ipv4:192.0.2.1"], "properties": [".nope"]}, "E_INVALID_FIELD_VALUE", "properties", ".nope"),
    ({"entities": ["ipv4:192.0.2.1"], "properties": "asn"}, "E_INVALID_FIELD_TYPE", "properties", None),
])
def test_request_errors(srv, body, code, field, value):
    status, _, doc = post(srv, body)
    want = {"code": code, "field": field}
    if value is not None:
        want["value"] = value
    assert status == 400 and doc["meta"] == want


def test_valid_undefined_entity_is_no_error(srv):
    status, _, doc = post(srv, {"entities": ["default-network-map.pid:no-such-pid"], "properties": [".asn"]})
    assert status == 200 and doc["property-map"] == {}


def test_http_rules(srv):
    assert post(srv, b"{", ctype=PMP)[2]["meta"]["code"] == "E_SYNTAX"
    assert post(srv, {"entities": []}, ctype="application/json")[0] == 415
    req = urllib.request.Request(srv.base + "/propmap/entities", data=b"{}", headers={"Content-Type": PMP})
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req)
    assert e.value.code == 405


def test_opt_in(altospec, root):
    with RefServer(altospec, os.path.join(root, "scenarios/propmap/topology.yaml"), "--quiet") as rs:
        with urllib.request.urlopen(rs.ird) as r:
            res = json.load(r)["resources"]
        assert "entity-props" not in res and "entity-props-full" not in res
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(rs.base + "/propmap/entities")
        assert e.value.code == 404


@pytest.mark.parametrize("props,where,msg", [
    ('{asn: "64500"}', "hosts[0].properties.asn", "expected an AS number"),
    ("{asn: -1}", "hosts[0].properties.asn", "expected an AS number"),
    ("{asn: 4294967296}", "hosts[0].properties.asn", "expected an AS number"),
    ("{country: FRA}", "hosts[0].properties.country", "two-letter"),
    ("{country: NO}", "hosts[0].properties.country", "two-letter"),
    ("{site: 7}", "hosts[0].properties.site", "non-empty string"),
    ('{site: ""}', "hosts[0].properties.site", "non-empty string"),
    ("{colour: red}", "hosts[0].properties.colour", "unknown property"),
    ("[asn]", "hosts[0].properties", "expected an object"),
])
def test_bad_topology_properties(altospec, tmp_path, props, where, msg):
    f = tmp_path / "topo.yaml"
    f.write_text(f"name: t\nhosts:\n  - {{name: a, ipv4: 10.0.0.1, properties: {props}}}\nlinks: []\n")
    r = subprocess.run([altospec, "validate", str(f)], capture_output=True, text=True, timeout=30)
    assert r.returncode == 2
    assert f"{f}:3:" in r.stderr and where in r.stderr and msg in r.stderr, r.stderr


def test_bad_pid_property_position(altospec, tmp_path):
    f = tmp_path / "topo.yaml"
    f.write_text("name: t\nhosts:\n  - {name: a, ipv4: 10.0.0.1}\nlinks: []\npids:\n"
                 "  - {name: p, hosts: [a],\n     properties: {asn: 1.5}}\n")
    r = subprocess.run([altospec, "validate", str(f)], capture_output=True, text=True, timeout=30)
    assert r.returncode == 2 and f"{f}:7:" in r.stderr and "pids[0].properties.asn" in r.stderr, r.stderr

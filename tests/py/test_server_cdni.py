"""The reference server's RFC 9241 resources (server-under-test/srv_cdni.c,
srv_cdni_pm.c) on scenarios/cdni/topology.yaml: one CDNI Advertisement per
downstream CDN with its filtered twin, the footprint property map, their
IRD entries, the filter semantics and errors; and the topology's `cdni:`
section refused with file:line:col and field when it is wrong."""
import json
import os
import subprocess
import urllib.error
import urllib.request

import pytest

from conf_helpers import RefServer

T_CDNI, T_CDNIF = "application/alto-cdni+json", "application/alto-cdnifilter+json"
T_PMP = "application/alto-propmapparams+json"


@pytest.fixture(scope="module")
def srv(altospec, root):
    with RefServer(altospec, os.path.join(root, "scenarios/cdni/topology.yaml"), "--quiet") as rs:
        yield rs


def _get(url):
    with urllib.request.urlopen(url) as r:
        return r.headers.get_content_type(), json.load(r)


def _post(url, ctype, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": ctype})
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, r.headers.get_content_type(), json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get_content_type(), json.load(e)


def _ird(srv):
    return _get(srv.ird)[1]["resources"]


def test_ird_has_one_advertisement_per_dcdn_and_uses_only_for_altopid(srv):
    res = _ird(srv)
    for name in ("east", "west", "us"):
        full, filt = res[f"cdni-{name}"], res[f"cdni-{name}-filtered"]
        assert full["media-type"] == filt["media-type"] == T_CDNI and "accepts" not in full
        assert filt["accepts"] == T_CDNIF
        assert ("uses" in full) == (name == "west") == ("uses" in filt)
    assert res["cdni-west"]["uses"] == ["default-network-map"]
    pm = res["cdni-props"]
    assert pm["uses"] == ["cdni-east", "cdni-west", "cdni-us"]
    assert set(pm["capabilities"]["mappings"]) == {"ipv4", "ipv6", "asn", "countrycode"}
    assert res["cdni-props-filtered"]["accepts"] == T_PMP


def test_advertisement_vtags_and_dependent_vtags(srv):
    res = _ird(srv)
    _, nm = _get(res["default-network-map"]["uri"])
    mt, west = _get(res["cdni-west"]["uri"])
    assert mt == T_CDNI
    assert west["meta"]["vtag"]["resource-id"] == "cdni-west"
    assert west["meta"]["dependent-vtags"] == [nm["meta"]["vtag"]]
    objs = west["cdni-advertisement"]["capabilities-with-footprints"]
    assert objs[0]["footprints"][0] == {"footprint-type": "altopid", "footprint-value": ["pid-fr"]}
    _, us = _get(res["cdni-us"]["uri"])
    assert "dependent-vtags" not in us["meta"]
    # footprints derived from hosts: client-us's address as a /32
    assert us["cdni-advertisement"]["capabilities-with-footprints"][0]["footprints"][0]["footprint-value"] == \
        ["10.3.0.10/32"]
    _, east = _get(res["cdni-east"]["uri"])
    assert "footprints" not in east["cdni-advertisement"]["capabilities-with-footprints"][1]   # global


def test_filter_by_capability_is_a_superset_match(srv):
    res = _ird(srv)
    url = res["cdni-east-filtered"]["uri"]
    _, full = _get(res["cdni-east"]["uri"])
    ask = {"capability-type": "FCI.DeliveryProtocol", "capability-value": {"delivery-protocols": ["https/1.1"]}}
    st, mt, doc = _post(url, T_CDNIF, {"cdni-capabilities": [ask, ask]})
    assert (st, mt) == (200, T_CDNI)
    objs = doc["cdni-advertisement"]["capabilities-with-footprints"]
    assert objs == full["cdni-advertisement"]["capabilities-with-footprints"][:1]
    assert doc["meta"]["vtag"] == full["meta"]["vtag"]
    st, _, doc = _post(url, T_CDNIF, {"cdni-capabilities": []})
    assert doc == full
    none = {"capability-type": "FCI.DeliveryProtocol", "capability-value": {"delivery-protocols": ["ftp"]}}
    st, _, doc = _post(url, T_CDNIF, {"cdni-capabilities": [none]})
    assert st == 200 and doc["cdni-advertisement"]["capabilities-with-footprints"] == []


@pytest.mark.parametrize("cap,field", [
    ({"capability-type": None, "capability-value": {"delivery-protocols": ["x"]}}, "cdni-capabilities/capability-type"),
    ({"capability-type": "FCI.DeliveryProtocol", "capability-value": None}, "cdni-capabilities/capability-value"),
    ({"capability-type": "FCI.DeliveryProtocol", "capability-value": "http/1.1"}, "cdni-capabilities/capability-value"),
])
def test_invalid_filters_are_e_invalid_field_value_naming_the_capability(srv, cap, field):
    st, mt, doc = _post(_ird(srv)["cdni-us-filtered"]["uri"], T_CDNIF, {"cdni-capabilities": [cap]})
    assert (st, mt) == (400, "application/alto-error+json")
    assert doc["meta"]["code"] == "E_INVALID_FIELD_VALUE" and doc["meta"]["field"] == field
    assert json.loads(doc["meta"]["value"]) == cap


def test_filter_missing_member_and_unknown_dcdn(srv):
    st, _, doc = _post(_ird(srv)["cdni-us-filtered"]["uri"], T_CDNIF, {})
    assert st == 400 and doc["meta"] == {"code": "E_MISSING_FIELD", "field": "cdni-capabilities"}
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(srv.base + "/cdni/nosuch")
    assert e.value.code == 404


def test_property_map_values_and_inheritance(srv):
    res = _ird(srv)
    _, pm = _get(res["cdni-props"]["uri"])
    acq = {"capability-type": "FCI.AcquisitionProtocol", "capability-value": {"acquisition-protocols": ["https/1.1"]}}
    fr = pm["property-map"]["countrycode:fr"]
    assert fr["cdni-west.cdni-capabilities"] == [
        {"capability-type": "FCI.DeliveryProtocol", "capability-value": {"delivery-protocols": ["http/1.1"]}}]
    assert fr["cdni-east.cdni-capabilities"] == [acq]          # east's global acquisition capability
    assert fr["cdni-us.cdni-capabilities"] == [
        {"capability-type": "FCI.DeliveryProtocol", "capability-value": {"delivery-protocols": ["https/1.1"]}}]
    assert "cdni-us.cdni-capabilities" not in pm["property-map"]["countrycode:de"]
    assert [v["resource-id"] for v in pm["meta"]["dependent-vtags"]] == res["cdni-props"]["uses"]
    st, _, doc = _post(res["cdni-props-filtered"]["uri"], T_PMP,
                       {"entities": ["ipv4:10.1.2.3"], "properties": ["cdni-east.cdni-capabilities"]})
    assert st == 200
    caps = doc["property-map"]["ipv4:10.1.2.3"]["cdni-east.cdni-capabilities"]
    assert {c["capability-type"] for c in caps} == {"FCI.DeliveryProtocol", "FCI.AcquisitionProtocol"}
    st, _, doc = _post(res["cdni-props-filtered"]["uri"], T_PMP, {"entities": ["asn:AS64500"]})
    assert st == 400 and doc["meta"]["code"] == "E_INVALID_FIELD_VALUE" and doc["meta"]["value"] == "asn:AS64500"


def test_no_cdni_section_no_resources_even_with_the_flag(altospec, root):
    with RefServer(altospec, os.path.join(root, "scenarios/ietf113/topology.yaml"), "--quiet", "--cdni") as rs:
        res = _get(rs.ird)[1]["resources"]
        assert not [k for k in res if k.startswith("cdni")]
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(rs.base + "/propmap/cdni")
        assert e.value.code == 404


@pytest.mark.parametrize("old,new,where", [
    ("footprint-value: [10.1.0.0/16]", "footprint-value: [10.1.0.300/16]",
     "cdni.downstream[0].advertisement[0].footprints[0].footprint-value[0]"),
    ("footprint-type: asn", "footprint-type: asnum", "cdni.downstream[2].advertisement[0].footprints[1].footprint-type"),
    ("footprint-value: [as64500]", "footprint-value: [as064500]", "footprints[1].footprint-value[0]"),
    ("footprint-value: [fr]", "footprint-value: [FR]", "footprints[1].footprint-value[0]"),
    ("{footprint-type: altopid, hosts: [client-fr]}", "{footprint-type: altopid, footprint-value: [pid-xx]}",
     "footprints[0].footprint-value[0]"),
    ("{footprint-type: altopid, hosts: [client-fr]}", "{footprint-type: altopid, hosts: [nobody]}",
     "footprints[0].hosts[0]"),
    ("capability-value: {delivery-protocols: [https/1.1]}", "capability-value: [https/1.1]",
     "cdni.downstream[2].advertisement[0].capability-value"),
    ("    - name: us\n", "    - name: east\n", "cdni.downstream[2].name"),
    ("      hosts: [surr-us]\n", "      hosts: [surr-us]\n      colour: red\n", "colour"),
])
def test_bad_cdni_section_is_refused_with_position_and_field(altospec, root, tmp_path, old, new, where):
    text = open(os.path.join(root, "scenarios/cdni/topology.yaml")).read()
    assert old in text
    f = tmp_path / "t.yaml"
    f.write_text(text.replace(old, new, 1))
    p = subprocess.run([altospec, "serve", "--topology", str(f), "--listen", "127.0.0.1:0"],
                       capture_output=True, text=True, timeout=20)
    assert p.returncode == 2, p.stdout + p.stderr
    assert f"{f}:" in p.stderr and where in p.stderr, p.stderr

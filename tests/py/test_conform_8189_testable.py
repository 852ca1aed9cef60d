"""testable-cost-types without multi-cost-types (issue 12, "Bad input"):
what RFC 8189 says, and the reference server and the rfc8189 suite agreeing
with it.

RFC 8189 4.1.2 allows it next to cost-type: "If 'testable-cost-types' is
omitted, it is assumed to have the cost types in 'multi-cost-types' or
'cost-type'", the constraint index names testable-cost-types whenever it
is present, and section 5.4 sends exactly cost-type + testable-cost-types
+ or-constraints ("the Client is only interested in the 'routingcost' cost
type and uses the 'cost-type' parameter instead of 'multi-cost-types' to
tell the Server to return scalar costs").  So it is not an error; what is
an error is testable-cost-types with NEITHER cost-type nor
multi-cost-types (the RFC 7285 cost-type is missing), an untestable type
in it, or an index past its end.

Both ways: the reference server answers the 5.4 form with scalars on the
pairs the tested type selects; a fault server that refuses the 5.4 form
(the reading the issue's list suggested) FAILs
rfc8189/4.1.2/testable-constraints and its 4.2.2 twin, whose second
exchange is that form; the clean fault server passes them."""
import json
import os
import threading
import urllib.error
import urllib.request
from http.server import ThreadingHTTPServer

import pytest

import faultserver_mc as F
from conf_helpers import RefServer, conform

CASES = ["rfc8189/4.1.2/testable-constraints", "rfc8189/4.2.2/testable-constraints"]
NUM = lambda m: {"cost-metric": m, "cost-mode": "numerical"}   # noqa: E731


class RefusesTestableWithoutMulti(F.Service):
    def parse(self, req):
        if req.get("testable-cost-types") is not None and req.get("multi-cost-types") is None:
            raise F.Bad("E_INVALID_FIELD_VALUE", "testable-cost-types", req["testable-cost-types"])
        return super().parse(req)


def serve(svc):
    handler = type("H", (F.Handler,), {"svc": svc})
    srv = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f"http://127.0.0.1:{srv.server_address[1]}/directory"


@pytest.mark.parametrize("svc,rc,verdict", [(F.Service(""), 0, "PASS"),
                                            (RefusesTestableWithoutMulti(""), 1, "FAIL")])
def test_the_suite_wants_the_section_5_4_form(altospec, tmp_path, svc, rc, verdict):
    srv, ird = serve(svc)
    try:
        run = conform(altospec, ird, "--suite", "rfc8189", *sum((["--only", c] for c in CASES), []),
                      report_dir=tmp_path)
    finally:
        srv.shutdown()
        srv.server_close()
    assert run.rc == rc, run.out + run.err
    res = {r["id"]: r for r in run.report["results"]}
    assert {i: res[i]["verdict"] for i in CASES} == {i: verdict for i in CASES}
    for i in CASES:     # both exchanges are the evidence: multi-cost-types, then cost-type
        bodies = [json.loads(x["request"]["body"]) for x in res[i]["evidence"] if x["request"]["method"] == "POST"]
        forms = [("multi-cost-types" in b, "cost-type" in b, "testable-cost-types" in b)
                 for b in bodies if "constraints" in b]
        assert forms[-2:] == [(True, False, True), (False, True, True)], forms


def post(url, body, ctype):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": ctype})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)


@pytest.fixture(scope="module")
def ref(altospec, root):
    with RefServer(altospec, os.path.join(root, "scenarios/ietf113/topology.yaml"), "--multi-cost", "--quiet") as rs:
        yield rs


ECS = ("/endpointcost/multicost", "application/alto-endpointcostparams+json")
EPS = {"srcs": ["ipv4:10.0.0.252", "ipv4:10.0.0.253", "ipv4:10.0.0.254"], "dsts": ["ipv4:10.0.0.250"]}


def test_reference_server_answers_the_section_5_4_form(ref):
    # bw-available of the replicas whose delay-ow (testable [1]) is at most
    # 30 ms, or whose bw-available ([0]) is at least 2 Mbps: RFC 8189 5.4's
    # shape (cost-type, two testable types, or-constraints with [1]).
    body = {"cost-type": NUM("bw-available"), "testable-cost-types": [NUM("bw-available"), NUM("delay-ow")],
            "or-constraints": [["[1] le 30000"], ["[0] ge 250000", "[1] le 80000"]], "endpoints": EPS}
    st, doc = post(ref.base + ECS[0], body, ECS[1])
    assert st == 200 and doc["meta"]["cost-type"]["cost-metric"] == "bw-available"
    assert "multi-cost-types" not in doc["meta"]
    m = doc["endpoint-cost-map"]
    assert {s: row["ipv4:10.0.0.250"] for s, row in m.items()} == {
        "ipv4:10.0.0.252": 125000, "ipv4:10.0.0.253": 625000, "ipv4:10.0.0.254": 250000}
    body["or-constraints"] = [["[1] le 30000", "[0] ge 200000"]]
    st, doc = post(ref.base + ECS[0], body, ECS[1])
    assert st == 200 and list(doc["endpoint-cost-map"]) == ["ipv4:10.0.0.253"]   # scalars, xrd3 only


@pytest.mark.parametrize("extra,code,field", [
    # testable-cost-types with neither cost-type nor multi-cost-types
    ({"testable-cost-types": [NUM("delay-ow")], "constraints": ["le 30000"]}, "E_MISSING_FIELD", "cost-type"),
    # an untestable (ordinal) type in testable-cost-types
    ({"cost-type": NUM("bw-available"), "testable-cost-types": [{"cost-metric": "routingcost",
      "cost-mode": "ordinal"}], "constraints": ["le 2"]}, "E_INVALID_FIELD_VALUE", "testable-cost-types"),
    # an index past the end of testable-cost-types
    ({"cost-type": NUM("bw-available"), "testable-cost-types": [NUM("delay-ow")], "constraints": ["[1] le 3"]},
     "E_INVALID_FIELD_VALUE", "constraints"),
])
def test_reference_server_errors_name_field_and_value(ref, extra, code, field):
    st, doc = post(ref.base + ECS[0], {**extra, "endpoints": EPS}, ECS[1])
    assert st == 400 and doc["meta"]["code"] == code and doc["meta"].get("field") == field, doc
    if code == "E_INVALID_FIELD_VALUE":
        assert "value" in doc["meta"], doc

"""The replica-selection policies on ordinal costs (issue 22 item 4).

A policy reads ordinal costs only when the server offers no numerical type
of its metric (runner/run_alto.c prefers numerical), and it then compares
the costs of several replicas (sources) to one client (destination):
entries of different source rows.  That comparison is only meaningful
when ranks are relative to all entries of the answer (RFC 7285 6.1.2.2,
6.2); ranked per source row, each replica's one-entry row is rank 1 and
the policy falls back to the data manager's order.

The reference server's IRD is served through a proxy that keeps only its
ordinal cost types (the data URIs are absolute, so the maps and the
endpoint cost service are the reference server's own), and IETF 113
Demo 1's routingcost choice is replayed on it, by the endpoint cost
service and by cost map: it must match the numerical run (xrd3, the
5 Mbps path; xrd2 is listed first), with the same transfer times, so the
demo's figures hold on ordinal costs too."""
import http.server
import json
import os
import subprocess
import threading
import urllib.request

from conf_helpers import RefServer

SCENARIO = """name: ordinal-policies
topology: {topo}
files:
  - {{name: file3, size: 10485760, replicas: [xrd2, xrd3, xrd4]}}
requests:
  - {{client: client, file: file3, start: 0s}}
policies:
  - {{name: alto-bandwidth, as: rc-ecs, metric: routingcost, query: endpoint-cost}}
  - {{name: alto-bandwidth, as: rc-map, metric: routingcost, query: cost-map}}
"""


def ordinal_only(ird):
    """The IRD without its numerical cost types (and the resources that
    then name none)."""
    types = ird["meta"]["cost-types"]
    keep = {n for n, t in types.items() if t.get("cost-mode") != "numerical"}
    ird["meta"]["cost-types"] = {n: t for n, t in types.items() if n in keep}
    for rid in list(ird["resources"]):
        caps = ird["resources"][rid].get("capabilities", {})
        if "cost-type-names" in caps:
            caps["cost-type-names"] = [n for n in caps["cost-type-names"] if n in keep]
            if not caps["cost-type-names"]:
                del ird["resources"][rid]
    return ird


class OrdinalProxy:
    """Serves the reference server's root IRD, ordinal types only, on
    127.0.0.1:0 (the port is the bound socket's)."""

    def __init__(self, upstream):
        with urllib.request.urlopen(upstream, timeout=30) as r:
            body = json.dumps(ordinal_only(json.load(r))).encode()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200 if self.path == "/directory" else 404)
                self.send_header("Content-Type", "application/alto-directory+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *a):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.ird = f"http://127.0.0.1:{self.httpd.server_address[1]}/directory"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def replay(altospec, scenario, ird, out):
    p = subprocess.run([altospec, "run", scenario, "--server", ird, "--report-dir", str(out), "--quiet"],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr
    with open(os.path.join(out, "report.json")) as f:
        return json.load(f)


def choices(rep):
    modes = {p["name"]: (p["alto"]["cost_mode"], p["alto"]["via"]) for p in rep["policies"]}
    picks = {t["policy"]: (t["replica"], t["seconds"]) for t in rep["transfers"]}
    return modes, picks


def test_policies_on_ordinal_costs_choose_as_on_numerical(altospec, root, tmp_path):
    scenario = tmp_path / "s.yaml"
    scenario.write_text(SCENARIO.format(topo=os.path.join(root, "scenarios", "ietf113", "topology.yaml")))
    with RefServer(altospec, os.path.join(root, "scenarios", "ietf113", "topology.yaml"), "--quiet") as ref:
        num_modes, num = choices(replay(altospec, str(scenario), ref.ird, tmp_path / "num"))
        with OrdinalProxy(ref.ird) as proxy:
            ord_modes, ordn = choices(replay(altospec, str(scenario), proxy.ird, tmp_path / "ord"))
    vias = {"rc-ecs": "endpoint-cost", "rc-map": "filtered-cost-map"}
    assert num_modes == {n: ("numerical", v) for n, v in vias.items()}, num_modes
    assert ord_modes == {n: ("ordinal", v) for n, v in vias.items()}, ord_modes
    # Demo 1: routingcost picks xrd3 (5 Mbps), not the first-listed xrd2,
    # on ordinal costs as on numerical ones, and the figures are the same.
    assert num["rc-ecs"][0] == num["rc-map"][0] == "xrd3", num
    assert ordn == num

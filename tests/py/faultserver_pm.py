"""faultserver_pm.py: an RFC 9439 (performance cost metrics) ALTO server
with one fault at a time, the proof that every rfc9439 case can fail.

The clean service: a network map of three PIDs p1..p3, each one host
address 10.0.0.N/32; cost types of every RFC 9439 metric with all three
cost sources; a full cost map per type (GET /costmap/<name>); and one
resource pair per cost source, as RFC 9439 3.1 wants: "est-fcm" (POST
/costmap/est) and "est-ecs" (POST /endpointcost/est) for estimation,
"nom-fcm" (POST /costmap/nom) for nominal, "sla-fcm" (POST /costmap/sla)
for sla.  Values are consistent the way the suite checks: delays in
microseconds with delay-rt = delay-ow there + back, min <= median <= p95,
bandwidths in bytes per second below bw-maxres, lossrate a fraction,
integer hop counts, the same value for a pair in every resource.

PM_FAULTS maps each fault to what it breaks and the rfc9439 case ids that
must FAIL (the SHOULD cases under --strict, as the test runs them).
Run:  faultserver_pm.py [--port 0] [--fault NAME]; the first line on stdout
is the port."""
import copy
import json
import sys

from faulthttp import JsonHandler, fault_main, host_pid

M = "application/alto-"
T_CM, T_EC, T_ERR, T_NM = M + "costmap+json", M + "endpointcost+json", M + "error+json", M + "networkmap+json"
CMF, ECP = M + "costmapfilter+json", M + "endpointcostparams+json"

VALUE_CASES = ["rfc9439/4.1.2/delay-ow-value", "rfc9439/4.2.2/delay-rt-value",
               "rfc9439/4.3.2/delay-variation-value", "rfc9439/4.4.2/lossrate-value",
               "rfc9439/4.5.2/hopcount-value", "rfc9439/5.1.2/tput-value",
               "rfc9439/5.2.2/bw-residual-value", "rfc9439/5.3.2/bw-available-value"]

PM_FAULTS = {
    "pm-context-string": ("delay-ow's cost-context is the string \"estimation\"", ["rfc9439/3.1/cost-context-shape"]),
    "pm-source-missing": ("lossrate's cost-context has parameters but no cost-source",
                          ["rfc9439/3.1/cost-context-shape"]),
    "pm-source-unregistered": ("tput's cost-source is \"measured\"", ["rfc9439/3.1/cost-source-registered"]),
    "pm-source-syntax": ("the sla types' cost-source is \"sla-v2\"",
                         ["rfc9439/3.1/cost-source-syntax", "rfc9439/3.1/cost-source-registered"]),
    "pm-two-sources": ("est-fcm also lists a nominal delay-ow next to the estimation one",
                       ["rfc9439/3.1/one-type-per-context"]),
    "pm-sla-no-link": ("the sla types' cost-context has no parameters link", ["rfc9439/3.1/sla-parameters"]),
    "pm-metric-long": ("delay-variation is named \"delay-variation:p99.9999999999999\" (33 characters)",
                       ["rfc9439/3.2/metric-length"]),
    "pm-bad-operator": ("delay-ow:p95 is named \"delay-ow:95th\"", ["rfc9439/3.2/stat-operator"]),
    "pm-p50": ("the default delay-ow is named \"delay-ow:p50\"", ["rfc9439/3.2/common-form"]),
    "pm-p95-ms": ("delay-ow:p95 in milliseconds, the other delays in microseconds", ["rfc9439/3.2/operator-order"]),
    "pm-array-mode": ("delay-rt offered in cost mode \"array\"", ["rfc9439/4/cost-mode"]),
    "pm-negative-delay": ("a one-way delay of -150 (clock skew)", ["rfc9439/4.1.2/delay-ow-value"]),
    "pm-values-strings": ("every RFC 9439 value sent as a JSON string", VALUE_CASES),
    "pm-lossrate-percent": ("lossrate in percent (0.02 -> 2)", ["rfc9439/4.4.2/lossrate-value"]),
    "pm-hopcount-fraction": ("hop counts with a half (2.5)", ["rfc9439/4.5.2/hopcount-value"]),
    "pm-delay-ms": ("delay-ow in milliseconds, delay-rt in microseconds", ["rfc9439/4.2.3/rt-vs-ow"]),
    "pm-rt-ms": ("delay-rt in milliseconds, delay-ow in microseconds", ["rfc9439/4.2.3/rt-vs-ow"]),
    "pm-ecs-kbps": ("the endpoint cost service gives bw-available in kilobits per second",
                    ["rfc9439/4.1.3/same-values"]),
    "pm-fcm-stale": ("the filtered cost map's tput is another pair's", ["rfc9439/4.1.3/same-values"]),
    "pm-bw-bits": ("bw-available in bits per second (above bw-maxres)", ["rfc9439/5/bw-bounds"]),
    "pm-tput-sla": ("tput with cost-source \"sla\"", ["rfc9439/5.1.4/tput-source"]),
    "pm-no-last-modified": ("answers without Last-Modified", ["rfc9439/6.2/last-modified"]),
    "pm-routingcost-nominal": ("routingcost with cost-source \"nominal\"", ["rfc9439/6.3/routingcost-estimation"]),
    "pm-unregistered-metric": ("a cost type with metric \"latency\"", ["rfc9439/8/registered-metric"]),
}

NP = 3
PIDS = [f"p{i}" for i in range(1, NP + 1)]
SLA = {"link": "https://alto.example/sla/gold", "terms": "gold"}


def _ow(s, d):
    return 0 if s == d else 1000 * (1 + (s * 3 + d * 5) % 7)


def _ow_max(s, d):
    return 0 if s == d else _ow(s, d) + 2000 * (1 + (s + d) % 3)


def _maxres(s, d):
    return None if s == d else 125000 * (1 + (s * 2 + d) % 4)


def _avail(s, d):
    m = _maxres(s, d)
    return None if m is None else m * (1 + (s + d) % 3) // 4


# name -> (cost-metric, cost-source or None for no cost-context, value(s, d), parameters or None)
TYPES = {
    "routingcost": ("routingcost", "estimation", lambda s, d: 1 + (s + d) % 5, None),
    "delay-ow": ("delay-ow", "estimation", _ow, None),
    "delay-ow-min": ("delay-ow:min", "estimation", lambda s, d: _ow(s, d) * 3 // 4, None),
    "delay-ow-p95": ("delay-ow:p95", "estimation", lambda s, d: (_ow(s, d) + _ow_max(s, d)) // 2, None),
    "delay-rt": ("delay-rt", "estimation", lambda s, d: _ow(s, d) + _ow(d, s), None),
    "delay-var": ("delay-variation", "estimation", lambda s, d: _ow_max(s, d) - _ow(s, d), None),
    "lossrate": ("lossrate", "estimation", lambda s, d: 0 if s == d else 0.01 * (1 + (s + d) % 4), None),
    "hopcount": ("hopcount", "estimation", lambda s, d: 0 if s == d else 1 + (s + 2 * d) % 3,
                 {"hop": "an IP router"}),
    "tput": ("tput", "estimation", lambda s, d: None if s == d else _avail(s, d) * 9 // 10,
             {"congestion-control-algorithm": "https://www.rfc-editor.org/info/rfc9438"}),
    "bw-residual": ("bw-residual", "estimation", lambda s, d: None if s == d else _maxres(s, d) * 4 // 5, None),
    "bw-available": ("bw-available", "estimation", _avail, None),
    "bw-maxres": ("bw-maxres", "nominal", _maxres, None),
    "sla-delay-ow": ("delay-ow:max", "sla", _ow_max, SLA),
    "sla-delay-rt": ("delay-rt:max", "sla", lambda s, d: _ow_max(s, d) + _ow_max(d, s), SLA),
}
RESOURCES = {  # id -> (path, ecs, source of its types)
    "est-fcm": ("/costmap/est", False, "estimation"),
    "est-ecs": ("/endpointcost/est", True, "estimation"),
    "nom-fcm": ("/costmap/nom", False, "nominal"),
    "sla-fcm": ("/costmap/sla", False, "sla"),
}


class Bad(Exception):
    def __init__(self, field, value):
        super().__init__(field)
        self.doc = {"meta": {"code": "E_INVALID_FIELD_VALUE", "field": field, "value": json.dumps(value)}}


class Service:
    def __init__(self, fault):
        self.fault = fault
        self.types = self._types()

    def _types(self):
        """name -> {"ct": CostType, "value": fn, "source": cost source}, faults applied."""
        f = self.fault
        out = {}
        for name, (metric, source, fn, params) in TYPES.items():
            ctx = {"cost-source": source}
            if params and not (f == "pm-sla-no-link" and source == "sla"):
                ctx["parameters"] = params
            out[name] = {"ct": {"cost-metric": metric, "cost-mode": "numerical", "cost-context": ctx},
                         "value": fn, "source": source}
        ct = lambda n: out[n]["ct"]
        if f == "pm-context-string":
            ct("delay-ow")["cost-context"] = "estimation"
        elif f == "pm-source-missing":
            ct("lossrate")["cost-context"] = {"parameters": {"window": "5 min"}}
        elif f == "pm-source-unregistered":
            ct("tput")["cost-context"]["cost-source"] = "measured"
        elif f == "pm-source-syntax":
            for n in ("sla-delay-ow", "sla-delay-rt"):
                ct(n)["cost-context"]["cost-source"] = "sla-v2"
        elif f == "pm-two-sources":
            out["delay-ow-nom"] = {"ct": {"cost-metric": "delay-ow", "cost-mode": "numerical",
                                          "cost-context": {"cost-source": "nominal"}},
                                   "value": _ow, "source": None}     # est-fcm lists it too (ird)
        elif f == "pm-metric-long":
            ct("delay-var")["cost-metric"] = "delay-variation:p99.9999999999999"
        elif f == "pm-bad-operator":
            ct("delay-ow-p95")["cost-metric"] = "delay-ow:95th"
        elif f == "pm-p50":
            ct("delay-ow")["cost-metric"] = "delay-ow:p50"
        elif f == "pm-array-mode":
            ct("delay-rt")["cost-mode"] = "array"
        elif f == "pm-tput-sla":
            ct("tput")["cost-context"]["cost-source"] = "sla"
        elif f == "pm-routingcost-nominal":
            ct("routingcost")["cost-context"]["cost-source"] = "nominal"
        elif f == "pm-unregistered-metric":
            out["latency"] = {"ct": {"cost-metric": "latency", "cost-mode": "numerical"},
                              "value": _ow, "source": None}
        return out

    def listed(self, rid):
        src = RESOURCES[rid][2]
        return [n for n, t in self.types.items() if t["source"] == src]

    def value(self, name, s, d, ecs=False):
        f, base = self.fault, TYPES.get(name, (None,))[0]
        v = self.types[name]["value"](s, d)
        if v is None:
            return None
        if (f == "pm-p95-ms" and name == "delay-ow-p95") or (f == "pm-delay-ms" and name == "delay-ow") or \
                (f == "pm-rt-ms" and name == "delay-rt"):
            v = v / 1000
        elif f == "pm-negative-delay" and name == "delay-ow" and (s, d) == (0, 1):
            v = -150
        elif f == "pm-lossrate-percent" and name == "lossrate":
            v = round(v * 100, 6)
        elif f == "pm-hopcount-fraction" and name == "hopcount" and s != d:
            v = v + 0.5
        elif f == "pm-bw-bits" and name == "bw-available":
            v = v * 8
        elif f == "pm-ecs-kbps" and ecs and name == "bw-available":
            v = v * 8 / 1000
        elif f == "pm-array-mode" and name == "delay-rt":
            v = [v]
        if f == "pm-values-strings" and base and base.split(":")[0] in (
                "delay-ow", "delay-rt", "delay-variation", "lossrate", "hopcount", "tput", "bw-residual",
                "bw-available"):
            v = str(v)
        return v

    def ird(self):
        res = {"netmap": {"uri": "/networkmap", "media-type": T_NM}}
        for name in self.types:
            res["costmap-" + name] = {"uri": "/costmap/" + name, "media-type": T_CM, "uses": ["netmap"],
                                      "capabilities": {"cost-type-names": [name]}}
        for rid, (path, ecs, _) in RESOURCES.items():
            names = self.listed(rid)
            if rid == "est-fcm" and self.fault == "pm-two-sources":
                names.append("delay-ow-nom")
            e = {"uri": path, "media-type": T_EC if ecs else T_CM, "accepts": ECP if ecs else CMF,
                 "capabilities": {"cost-type-names": names, "cost-constraints": False}}
            if not ecs:
                e["uses"] = ["netmap"]
            res[rid] = e
        return {"meta": {"cost-types": {n: t["ct"] for n, t in self.types.items()},
                         "default-alto-network-map": "netmap"}, "resources": res}

    def netmap(self):
        return {"meta": {"vtag": {"resource-id": "netmap", "tag": "1"}},
                "network-map": {p: {"ipv4": [f"10.0.0.{i + 1}/32"]} for i, p in enumerate(PIDS)}}

    def answer(self, rid, req):
        path, ecs, _ = RESOURCES[rid]
        ct = req.get("cost-type")
        if not isinstance(ct, dict):
            raise Bad("cost-type", ct)
        names = self.listed(rid) + (["delay-ow-nom"] if rid == "est-fcm" and self.fault == "pm-two-sources" else [])
        name = next((n for n in names if self.types[n]["ct"]["cost-metric"] == ct.get("cost-metric") and
                     self.types[n]["ct"]["cost-mode"] == ct.get("cost-mode")), None)
        if not name:
            raise Bad("cost-type/cost-metric", ct.get("cost-metric"))
        meta = {"cost-type": self.types[name]["ct"]}
        if not ecs:
            rows = self.map_rows(name, filtered=True)
            meta["dependent-vtags"] = [{"resource-id": "netmap", "tag": "1"}]
            return {"meta": meta, "cost-map": rows}, T_CM
        eps = req.get("endpoints") or {}
        srcs, dsts = [self.pid_of(a) for a in eps.get("srcs", [])], [self.pid_of(a) for a in eps.get("dsts", [])]
        out = {}
        for a, s in zip(eps.get("srcs", []), srcs):
            for b, d in zip(eps.get("dsts", []), dsts):
                v = None if s is None or d is None else self.value(name, s, d, ecs=True)
                if v is not None:
                    out.setdefault(a, {})[b] = v
        return {"meta": meta, "endpoint-cost-map": out}, T_EC

    def map_rows(self, name, filtered=False):
        rows = {}
        for s in range(NP):
            for d in range(NP):
                v = self.value(name, s, d)
                if filtered and self.fault == "pm-fcm-stale" and name == "tput" and s != d:
                    v = self.value(name, d, s) if self.value(name, d, s) != v else v + 1
                if v is not None:
                    rows.setdefault(PIDS[s], {})[PIDS[d]] = v
        return rows

    @staticmethod
    def pid_of(addr):
        return host_pid(addr, NP)


class Handler(JsonHandler):
    svc = None

    def _send(self, status, ctype, doc, extra=None):
        if status == 200 and self.svc.fault != "pm-no-last-modified":
            extra = dict(extra or {}, **{"Last-Modified": "Tue, 08 Dec 2026 00:00:00 GMT"})
        super()._send(status, ctype, doc, extra)

    def do_GET(self):
        name = self.path[len("/costmap/"):] if self.path.startswith("/costmap/") else None
        if self.path == "/directory":
            self._send(200, M + "directory+json", self.svc.ird())
        elif self.path == "/networkmap":
            self._send(200, T_NM, self.svc.netmap())
        elif name in self.svc.types:
            self._send(200, T_CM, {"meta": {"dependent-vtags": [{"resource-id": "netmap", "tag": "1"}],
                                            "cost-type": self.svc.types[name]["ct"]},
                                   "cost-map": self.svc.map_rows(name)})
        else:
            self._send(404, T_ERR, {"meta": {"code": "E_SYNTAX"}})

    def do_POST(self):
        raw = self._body()
        rid = next((r for r, (p, _, _) in RESOURCES.items() if p == self.path), None)
        if not rid:
            self._send(404, T_ERR, {"meta": {"code": "E_SYNTAX"}})
            return
        req = self._json_object(raw)
        if req is None:
            return
        try:
            doc, ctype = self.svc.answer(rid, req)
        except Bad as b:
            self._send(400, T_ERR, b.doc)
            return
        self._send(200, ctype, copy.deepcopy(doc))


def main():
    return fault_main(PM_FAULTS, Handler, Service)


if __name__ == "__main__":
    sys.exit(main())

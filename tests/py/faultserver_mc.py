"""faultserver_mc.py: an RFC 8189 multi-cost ALTO server with one fault at a
time, the proof that every rfc8189 / rfc9274 case can fail.  Kept apart
from faultserver.py (the RFC 7285 one): this server only offers what the
two suites look at.

The clean service: a network map of four PIDs p1..p4 (10.0.0.N/32), a
multi-cost filtered cost map "mc-costmap" (POST /costmap/mc) and endpoint
cost service "mc-ecs" (POST /endpointcost/mc), both with cost-type-names
num-routingcost, num-hopcount, num-bw (bw-available, undefined from a PID
to itself: the nulls) and ord-routingcost, max-cost-types 3 and
testable-cost-type-names = the three numerical types.  A request is read
as RFC 8189 4.1.2 says (the reference server's rules, srv_mc.c); a
predicate on an unavailable value is false.

MC_FAULTS maps each fault to what it breaks and the case ids (rfc8189
4.1 and 4.2 twins alike: a fault applies to both resources) that must
FAIL.  Run:  faultserver_mc.py [--port 0] [--fault NAME]; the first line
on stdout is the port."""
import json
import re
import sys

from faulthttp import JsonHandler, fault_main, host_pid

M = "application/alto-"
T_CM, T_EC, T_ERR, T_NM = M + "costmap+json", M + "endpointcost+json", M + "error+json", M + "networkmap+json"
CMF, ECP = M + "costmapfilter+json", M + "endpointcostparams+json"


def _both(*names):
    return [f"rfc8189/4.{k}.{n}" for n in names for k in (1, 2)]


MC_FAULTS = {
    "mc-media-type": ("multi-cost answers labelled application/json", _both("3/media-type")),
    "mc-or-ignored": ("or-constraints ignored", _both("2/or-constraints")),
    "mc-or-as-and": ("or-constraints evaluated as one AND", _both("2/or-constraints")),
    "mc-and-as-or": ("constraints evaluated as OR", _both("2/and-constraints")),
    "mc-testable-ignored": ("constraint indices applied to multi-cost-types, testable-cost-types ignored",
                            _both("2/testable-constraints")),
    "mc-meta-cost-type": ("meta cost-type is the first type, not {}", _both("3/meta-cost-type")),
    "mc-order": ("array values in reverse order", _both("3/array-values")),
    "mc-nulls-dropped": ("nulls left out of the arrays", _both("3/array-values", "3/null-unavailable")),
    "mc-null-zero": ("an unavailable cost sent as 0", _both("3/array-values", "3/null-unavailable")),
    "mc-max-not-enforced": ("more cost types than max-cost-types accepted", _both("2/too-many-types")),
    "mc-duplicate-types": ("meta multi-cost-types repeats the first type", _both("3/multi-cost-types")),
    "mc-both-accepted": ("cost-type and multi-cost-types together accepted", _both("2/both-cost-types")),
    "mc-bad-index-accepted": ("a predicate on a missing index is ignored", _both("2/bad-index")),
    "mc-unknown-op-accepted": ("an unknown operator is ignored", _both("2/unknown-operator")),
    "mc-and-or-accepted": ("constraints and or-constraints together accepted", _both("2/constraints-and-or")),
    "mc-empty-clause-accepted": ("an empty or-constraints clause accepted (always true)",
                                 _both("2/empty-or-clause")),
    "mc-testable-and-constraints": ("cost-constraints true next to testable-cost-type-names",
                                    _both("1/testable-exclusive")),
    "mc-testable-not-listed": ("testable-cost-type-names names a type not in cost-type-names",
                               _both("1/testable-subset")),
    "mc-single-as-array": ("a cost-type request answered with arrays", _both("3/single-cost")),
    "mc-unregistered-mode": ("the ordinal type's cost mode is \"rank\" (not registered)",
                             ["rfc9274/3.2/cost-mode-encoding"]),
    "mc-bad-mode-code": ("an unsupported cost mode answered E_SYNTAX", ["rfc9274/4/unsupported-mode"]),
}

NP = 4
PIDS = [f"p{i}" for i in range(1, NP + 1)]


def _rc(s, d):
    return ((s * 7 + d * 3) % 11) + 1


def _hop(s, d):
    return (s * 5 + d * 2) % 7


def _bw(s, d):
    return None if s == d else ((s * 3 + d * 11) % 13 + 1) * 1000


def _ordinal(fn):
    vals = sorted({fn(s, d) for s in range(NP) for d in range(NP)})
    return lambda s, d: vals.index(fn(s, d)) + 1


class Service:
    def __init__(self, fault):
        self.fault = fault
        ord_mode = "rank" if fault == "mc-unregistered-mode" else "ordinal"
        # name -> (metric, mode, value function, testable)
        self.types = {
            "num-routingcost": ("routingcost", "numerical", _rc, True),
            "num-hopcount": ("hopcount", "numerical", _hop, True),
            "num-bw": ("bw-available", "numerical", _bw, True),
            "ord-routingcost": ("routingcost", ord_mode, _ordinal(_rc), False),
        }

    # ---- documents ----
    def ird(self):
        caps = {"cost-type-names": list(self.types), "max-cost-types": 3,
                "testable-cost-type-names": [n for n, t in self.types.items() if t[3]]}
        if self.fault == "mc-testable-and-constraints":
            caps["cost-constraints"] = True
        if self.fault == "mc-testable-not-listed":
            caps["testable-cost-type-names"].append("num-delay")
        res = {"net": {"uri": "/networkmap", "media-type": T_NM},
               "mc-costmap": {"uri": "/costmap/mc", "media-type": T_CM, "accepts": CMF, "uses": ["net"],
                              "capabilities": caps},
               "mc-ecs": {"uri": "/endpointcost/mc", "media-type": T_EC, "accepts": ECP,
                          "capabilities": json.loads(json.dumps(caps))}}
        cts = {n: {"cost-metric": t[0], "cost-mode": t[1]} for n, t in self.types.items()}
        return {"meta": {"cost-types": cts, "default-alto-network-map": "net"}, "resources": res}

    def netmap(self):
        nm = {p: {"ipv4": [f"10.0.0.{i + 1}/32"]} for i, p in enumerate(PIDS)}
        return {"meta": {"vtag": {"resource-id": "net", "tag": "a" * 32}}, "network-map": nm}

    # ---- requests ----
    def _type(self, ct, field):
        if not isinstance(ct, dict) or not isinstance(ct.get("cost-metric"), str) \
                or not isinstance(ct.get("cost-mode"), str):
            raise Bad("E_INVALID_FIELD_VALUE", field, ct)
        for n, t in self.types.items():
            if t[0] == ct["cost-metric"] and t[1] == ct["cost-mode"]:
                return n
        if self.fault == "mc-bad-mode-code":
            raise Bad("E_SYNTAX", None, None)
        raise Bad("E_INVALID_FIELD_VALUE", field + "/cost-mode", ct["cost-mode"])

    def _pred(self, s, ntested, field):
        m = re.fullmatch(r"(?:\[(\d+)\] )?(gt|lt|ge|le|eq) (-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)", s) \
            if isinstance(s, str) else None
        if not m:
            if self.fault == "mc-unknown-op-accepted":
                return None
            raise Bad("E_INVALID_FIELD_VALUE", field, s)
        idx = int(m.group(1) or 0)
        if idx >= ntested:
            if self.fault == "mc-bad-index-accepted":
                return None
            raise Bad("E_INVALID_FIELD_VALUE", field, s)
        return idx, m.group(2), float(m.group(3))

    def parse(self, req):
        ct, mct, tct = req.get("cost-type"), req.get("multi-cost-types"), req.get("testable-cost-types")
        if ct is not None and mct is not None and self.fault != "mc-both-accepted":
            raise Bad("E_INVALID_FIELD_VALUE", "multi-cost-types", mct)
        multi = mct is not None
        if multi:
            if not isinstance(mct, list) or not mct or (len(mct) > 3 and self.fault != "mc-max-not-enforced"):
                raise Bad("E_INVALID_FIELD_VALUE", "multi-cost-types", mct)
            types = [self._type(t, "multi-cost-types") for t in mct]
        elif ct is None:
            raise Bad("E_MISSING_FIELD", "cost-type", None)
        else:
            types = [self._type(ct, "cost-type")]
        tested = [self._type(t, "testable-cost-types") for t in tct] if tct else list(types)
        if self.fault == "mc-testable-ignored":
            tested = list(types)
        cons, ors = req.get("constraints"), req.get("or-constraints")
        if cons is not None and ors is not None:
            if self.fault != "mc-and-or-accepted":
                raise Bad("E_INVALID_FIELD_VALUE", "or-constraints", ors)
            ors = None
        clauses = []
        if cons is not None:
            clauses = [[p for p in (self._pred(s, len(tested), "constraints") for s in cons) if p]]
            if self.fault == "mc-and-as-or":
                clauses = [[p] for p in clauses[0]]
        elif ors is not None:
            for c in ors:
                if not c and self.fault != "mc-empty-clause-accepted":
                    raise Bad("E_INVALID_FIELD_VALUE", "or-constraints", c)
                clauses.append([p for p in (self._pred(s, len(tested), "or-constraints") for s in c) if p])
            if self.fault == "mc-or-ignored":
                clauses = []
            elif self.fault == "mc-or-as-and":
                clauses = [[p for c in clauses for p in c]]
        return multi or self.fault == "mc-single-as-array", types, tested, clauses, mct

    @staticmethod
    def _holds(p, vals):
        idx, op, t = p
        v = vals[idx]
        if v is None:
            return False
        return {"gt": v > t, "lt": v < t, "ge": v >= t, "le": v <= t, "eq": v == t}[op]

    def cost(self, names, tested, clauses, s, d):
        vals = [self.types[n][2](s, d) for n in names]
        tv = [self.types[n][2](s, d) for n in tested]
        if all(v is None for v in vals):
            return None
        if clauses and not any(all(self._holds(p, tv) for p in c) for c in clauses):
            return None
        return vals

    def answer(self, req, ecs):
        arrays, names, tested, clauses, mct = self.parse(req)
        if ecs:
            eps = req.get("endpoints") or {}
            srcs, dsts = eps.get("srcs") or [], eps.get("dsts") or []
            pairs = [(a, self._pid(a)) for a in srcs], [(b, self._pid(b)) for b in dsts]
        else:
            pairs = [(p, i) for i, p in enumerate(PIDS)], [(p, i) for i, p in enumerate(PIDS)]
        data = {}
        for sk, s in pairs[0]:
            row = {}
            for dk, d in pairs[1]:
                if s is None or d is None:
                    continue
                v = self.cost(names, tested, clauses, s, d)
                if v is None:
                    continue
                row[dk] = self._value(v) if arrays else v[0]
                if not arrays and row[dk] is None:
                    del row[dk]
            if row:
                data[sk] = row
        meta = {}
        if not ecs:
            meta["dependent-vtags"] = [{"resource-id": "net", "tag": "a" * 32}]
        tdoc = [{"cost-metric": self.types[n][0], "cost-mode": self.types[n][1]} for n in names]
        if arrays and mct is not None:
            meta["cost-type"] = tdoc[0] if self.fault == "mc-meta-cost-type" else {}
            meta["multi-cost-types"] = tdoc if self.fault != "mc-duplicate-types" else [tdoc[0]] * len(tdoc)
        else:
            meta["cost-type"] = tdoc[0]
        return {"meta": meta, ("endpoint-cost-map" if ecs else "cost-map"): data}, arrays and mct is not None

    def _value(self, v):
        if self.fault == "mc-order":
            v = v[::-1]
        if self.fault == "mc-nulls-dropped":
            v = [x for x in v if x is not None]
        if self.fault == "mc-null-zero":
            v = [0 if x is None else x for x in v]
        return v

    @staticmethod
    def _pid(addr):
        return host_pid(addr, NP)


class Bad(Exception):
    def __init__(self, code, field, value):
        super().__init__(code)
        meta = {"code": code}
        if field:
            meta["field"] = field
            if value is not None:
                meta["value"] = value if isinstance(value, str) else json.dumps(value)
        self.doc = {"meta": meta}


class Handler(JsonHandler):
    svc = None

    def do_GET(self):
        if self.path == "/directory":
            self._send(200, M + "directory+json", self.svc.ird())
        elif self.path == "/networkmap":
            self._send(200, T_NM, self.svc.netmap())
        else:
            self._send(404, T_ERR, {"meta": {"code": "E_SYNTAX"}})

    def do_POST(self):
        raw = self._body()
        kind = {"/costmap/mc": (False, T_CM), "/endpointcost/mc": (True, T_EC)}.get(self.path)
        if not kind:
            self._send(404, T_ERR, {"meta": {"code": "E_SYNTAX"}})
            return
        req = self._json_object(raw)
        if req is None:
            return
        try:
            doc, multi = self.svc.answer(req, kind[0])
        except Bad as b:
            self._send(400, T_ERR, b.doc)
            return
        self._send(200, "application/json" if multi and self.svc.fault == "mc-media-type" else kind[1], doc)


def main():
    return fault_main(MC_FAULTS, Handler, Service)


if __name__ == "__main__":
    sys.exit(main())

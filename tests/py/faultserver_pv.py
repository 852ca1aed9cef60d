"""faultserver_pv.py: the RFC 9275 path vector service of faultserver.py,
with one fault at a time.  Kept apart so faultserver.py stays the RFC 7285
server it was; faultserver.py switches this on with --pv or any pv-* fault.

The clean service: a multipart filtered cost map ("pv-costmap", POST
/costmap/pv) and a multipart endpoint cost service ("pv-ecs", POST
/endpointcost/pv), both offering the path vector type and numerical
routingcost, ANE properties max-reservable-bandwidth and
persistent-entity-id; a GET property map "ane-props" defines the one
persistent ANE.  The topology is fixed: a path from PID s to PID d (s != d)
is [up-s, core, down-d], and a PID to itself has the empty path.

PV_FAULTS maps each fault to what it breaks and the rfc9275 case ids that
must FAIL (under --strict for the SHOULD rows)."""
import hashlib
import json

M = "application/alto-"
T_CM, T_EC, T_PM = M + "costmap+json", M + "endpointcost+json", M + "propmap+json"
CMF, ECP = M + "costmapfilter+json", M + "endpointcostparams+json"
PV_TYPE = {"cost-mode": "array", "cost-metric": "ane-path"}
PROPS = ["max-reservable-bandwidth", "persistent-entity-id"]
C72, C73 = "rfc9275/7.2", "rfc9275/7.3"

PV_FAULTS = {
    "pv-ird-type": ("IRD type parameters name the request media types", [f"{C72}.1/media-type", f"{C73}.1/media-type"]),
    "pv-ird-accepts": ("the two multipart resources swap their accepts", [f"{C72}.3/accepts", f"{C73}.3/accepts"]),
    "pv-ird-no-pv-type": ("cost-type-names without the path vector type",
                          [f"{C72}.4/cost-type-names", f"{C73}.4/cost-type-names"]),
    "pv-ird-constraints": ("path vector resources with cost-constraints true",
                           [f"{C72}.4/cost-constraints", f"{C73}.4/cost-constraints"]),
    "pv-ird-testable": ("path vector type in testable-cost-type-names",
                        [f"{C72}.4/testable-cost-type-names", f"{C73}.4/testable-cost-type-names"]),
    "pv-ird-qualified-prop": ("ane-property-names qualifies an initial type with a resource",
                              [f"{C72}.4/ane-property-names", f"{C73}.4/ane-property-names"]),
    "pv-ird-no-netmap-uses": ("multipart cost map without its network map in uses", [f"{C72}.5/uses-network-map"]),
    "pv-persistent-not-propmap": ("persistent ANE defined by the network map, not a property map",
                                  [f"{C72}.5/uses-persistent"]),
    "pv-ird-no-persistent-uses": ("persistent ANEs exposed, defining map not in uses",
                                  [f"{C72}.5/uses-persistent", f"{C73}.5/uses-persistent"]),
    "pv-type-param": ("answer type= names the property map type", [f"{C72}.6/media-type", f"{C73}.6/media-type"]),
    "pv-no-boundary": ("answer Content-Type without boundary", [f"{C72}.6/boundary"]),
    "pv-no-close": ("body without the close delimiter", [f"{C73}.6/boundary"]),
    "pv-lf": ("body with bare LF line breaks", [f"{C72}.6/boundary"]),
    "pv-start-wrong": ("start names the property map part", [f"{C72}.6/start", f"{C73}.6/start"]),
    "pv-three-parts": ("a third part", [f"{C72}.6/two-parts"]),
    "pv-one-part": ("no property map part", [f"{C73}.6/two-parts"]),
    "pv-no-content-id": ("property map part without Content-ID", [f"{C72}.6/part-headers"]),
    "pv-part-ctype": ("path vector part labelled application/json", [f"{C73}.6/part-headers"]),
    "pv-content-id-form": ("Content-ID without <...@domain>", [f"{C72}.6/content-id", f"{C73}.6/content-id"]),
    "pv-part-second": ("property map part first (RECOMMENDED order broken)",
                       [f"{C72}.6/pv-part-first", f"{C73}.6/pv-part-first"]),
    "pv-vtag-rid": ("path vector vtag names another part", [f"{C72}.6/pv-vtag"]),
    "pv-no-vtag": ("path vector part without vtag", [f"{C73}.6/pv-vtag"]),
    "pv-dvtags-stale": ("path vector dependent-vtags with a stale network map tag", [f"{C72}.6/pv-dependent-vtags"]),
    "pv-ecs-bare-endpoints": ("endpoint cost keys without address type", [f"{C73}.6/pv-body"]),
    "pv-wrong-cost-type": ("path vector part says routingcost", [f"{C72}.6/pv-body"]),
    "pv-propmap-no-dvtag": ("property map dependent-vtags lack the path vector vtag",
                            [f"{C72}.6/propmap-dependent-vtags"]),
    "pv-propmap-no-persistent-dvtag": ("property map dependent-vtags lack the persistent ANE map",
                                       [f"{C73}.6/propmap-dependent-vtags"]),
    "pv-ane-missing": ("an ANE on a path has no property map entry",
                       [f"{C72}.6/propmap-one-per-ane", f"{C73}.6/propmap-one-per-ane"]),
    "pv-extra-entity": ("property map entry for an ANE on no path", [f"{C72}.6/propmap-one-per-ane"]),
    "pv-ane-domain": ("property map keys \"ane:X\" instead of \".ane:X\"", ["rfc9275/6.2.4/ephemeral-domain"]),
    "pv-bad-ane-name": ("ANE name with the reserved '.'", ["rfc9275/6.5.1/ane-names"]),
    "pv-non-array": ("cost values as strings, not arrays", ["rfc9275/6.5.2/array-values"]),
    "pv-unrequested-props": ("every property returned whatever was requested",
                             [f"{C72}.6/requested-properties", f"{C73}.6/requested-properties"]),
    "pv-negative-bw": ("negative max-reservable-bandwidth", ["rfc9275/6.4.1/max-reservable-bandwidth"]),
    "pv-bad-persistent-id": ("persistent-entity-id without its PROPMAP.ane domain",
                             ["rfc9275/6.4.2/persistent-entity-id"]),
    "pv-nonpv-propmap": ("property map filled for a routingcost request",
                         [f"{C72}.6/empty-propmap", f"{C73}.6/empty-propmap"]),
    "pv-accepts-bad-prop": ("unsupported ane-property-names silently ignored",
                            [f"{C72}.3/unsupported-property", f"{C73}.3/unsupported-property"]),
    "pv-bad-prop-code": ("unsupported ane-property-names rejected with E_INVALID_FIELD_TYPE",
                         [f"{C72}.3/unsupported-property", f"{C73}.3/unsupported-property"]),
    "pv-accepts-constraints": ("constraints accepted on a resource without cost-constraints",
                               [f"{C72}.4/constraints-rejected", f"{C73}.4/constraints-rejected"]),
    "pv-long-part-id": ("part resource id of 60 characters: resource-id.part over 64",
                        ["rfc9275/6.6/id-length", "rfc9275/6.6/id-length-31"]),
}

# Hostile multipart answers: the suite must judge (FAIL or ERROR), bounded.
PV_HOSTILE = ["pv-garbage", "pv-many-parts", "pv-nested"]

ANE_PROPS = {"core": {"max-reservable-bandwidth": 10_000_000_000, "persistent-entity-id": "ane-props.ane:core-1"}}
PROPMAP_DOC = {"meta": {}, "property-map": {".ane:core-1": {"cpu": 4}}}


def _tag(obj):
    return hashlib.sha1(json.dumps(obj, sort_keys=True).encode()).hexdigest()


def ane_props(name):
    if name in ANE_PROPS:
        return dict(ANE_PROPS[name])
    return {"max-reservable-bandwidth": 1_000_000_000 if name.startswith("up-") else 500_000_000}


def pv_cost_types():
    return {"path-vector": dict(PV_TYPE)}


def pv_resources(fault):
    """IRD entries of the path vector service (with the IRD faults)."""
    f = fault
    caps = {"cost-type-names": ["path-vector", "num-routingcost"], "ane-property-names": list(PROPS)}
    res = {
        "pv-costmap": {"uri": "/costmap/pv", "media-type": "multipart/related;type=" + T_CM, "accepts": CMF,
                       "capabilities": json.loads(json.dumps(caps)), "uses": ["networkmap", "ane-props"]},
        "pv-ecs": {"uri": "/endpointcost/pv", "media-type": f'multipart/related; type="{T_EC}"', "accepts": ECP,
                   "capabilities": json.loads(json.dumps(caps)), "uses": ["ane-props"]},
        "ane-props": {"uri": "/ane-props", "media-type": T_PM},
    }
    cm, ec = res["pv-costmap"], res["pv-ecs"]
    if f == "pv-ird-type":
        cm["media-type"] = "multipart/related;type=" + CMF
        ec["media-type"] = "multipart/related;type=" + ECP
    elif f == "pv-ird-accepts":
        cm["accepts"], ec["accepts"] = ECP, CMF
    elif f == "pv-ird-no-pv-type":
        for e in (cm, ec):
            e["capabilities"]["cost-type-names"] = ["num-routingcost"]
    elif f == "pv-ird-constraints":
        for e in (cm, ec):
            e["capabilities"]["cost-constraints"] = True
    elif f == "pv-ird-testable":
        for e in (cm, ec):
            e["capabilities"]["testable-cost-type-names"] = ["path-vector"]
    elif f == "pv-ird-qualified-prop":
        for e in (cm, ec):
            e["capabilities"]["ane-property-names"] = ["ane-props.max-reservable-bandwidth", "persistent-entity-id"]
    elif f == "pv-ird-no-netmap-uses":
        cm["uses"] = ["ane-props"]
    elif f == "pv-ird-no-persistent-uses":
        cm["uses"], ec["uses"] = ["networkmap"], []
    return res


def propmap_get():
    doc = json.loads(json.dumps(PROPMAP_DOC))
    doc["meta"]["vtag"] = {"resource-id": "ane-props", "tag": _tag(PROPMAP_DOC)}
    return doc


class PathVector:
    """Answers the two multipart resources for a faultserver Service."""

    def __init__(self, svc, error_cls):
        # The server's own AltoError class: faultserver.py runs as
        # __main__, so importing it here would make a second, distinct class.
        self.svc = svc
        self.f = svc.fault
        self.err = error_cls

    # -- request checking --

    def _check(self, req, rid):
        AltoError = self.err
        f, svc = self.f, self.svc
        ct = svc.need(req, "cost-type", dict)
        metric = svc.need(ct, "cost-metric", str, "cost-type/cost-metric")
        mode = svc.need(ct, "cost-mode", str, "cost-type/cost-mode")
        pv = (metric, mode) == ("ane-path", "array")
        if not pv and (metric, mode) != ("routingcost", "numerical"):
            raise AltoError("E_INVALID_FIELD_VALUE", "cost-type/cost-mode", mode)
        if "constraints" in req and f != "pv-accepts-constraints":
            raise AltoError("E_INVALID_FIELD_VALUE", "constraints", json.dumps(req["constraints"]))
        names = svc.strings(svc.need(req, "ane-property-names", list), "ane-property-names") \
            if "ane-property-names" in req else []
        offered = pv_resources(f)[rid]["capabilities"]["ane-property-names"]
        for n in names:
            if n not in offered and f != "pv-accepts-bad-prop":
                code = "E_INVALID_FIELD_TYPE" if f == "pv-bad-prop-code" else "E_INVALID_FIELD_VALUE"
                raise AltoError(code, "ane-property-names", n)
        return pv, [n.split(".")[-1] for n in names if n.split(".")[-1] in PROPS]

    # -- paths --

    def path(self, s, d):
        if s == d:
            return []
        core = "core.1" if self.f == "pv-bad-ane-name" else "core"
        return [f"up-{s}", core, f"down-{d}"]

    def costmap(self, req):
        pv, props = self._check(req, "pv-costmap")
        svc = self.svc
        pids = list(svc.netmap)
        srcs, dsts = pids, pids
        if "pids" in req:
            p = svc.need(req, "pids", dict)
            srcs = [x for x in svc.strings(svc.need(p, "srcs", list, "pids/srcs"), "pids/srcs") if x in pids] or pids
            dsts = [x for x in svc.strings(svc.need(p, "dsts", list, "pids/dsts"), "pids/dsts") if x in pids] or pids
        rc = svc.costs("routingcost", "numerical")
        cm = {s: {d: (self.path(s, d) if pv else rc[s][d]) for d in dsts} for s in srcs}
        return self.answer("pv-costmap", T_CM, "cost-map", cm, pv, props)

    def ecs(self, req):
        pv, props = self._check(req, "pv-ecs")
        svc = self.svc
        eps = svc.need(req, "endpoints", dict)
        srcs = svc.strings(svc.need(eps, "srcs", list, "endpoints/srcs"), "endpoints/srcs")
        dsts = svc.strings(svc.need(eps, "dsts", list, "endpoints/dsts"), "endpoints/dsts")
        rc = svc.costs("routingcost", "numerical")
        out = {}
        for s in srcs:
            ps = svc.lookup_pid(s)
            for d in dsts:
                pd = svc.lookup_pid(d)
                if ps is None or pd is None:
                    continue
                ks, kd = (s.split(":", 1)[1], d.split(":", 1)[1]) if self.f == "pv-ecs-bare-endpoints" else (s, d)
                out.setdefault(ks, {})[kd] = self.path(ps, pd) if pv else rc[ps][pd]
        return self.answer("pv-ecs", T_EC, "endpoint-cost-map", out, pv, props)

    # -- the answer --

    def answer(self, rid, ptype, member, data, pv, props):
        f = self.f
        part_id = "ecs" if rid == "pv-ecs" else "costmap"
        if f == "pv-long-part-id" and rid == "pv-costmap":
            part_id = "p" * 60
        if f == "pv-non-array" and rid == "pv-costmap" and pv:
            data = {s: {d: " ".join(v) for d, v in row.items()} for s, row in data.items()}
        vtag = {"resource-id": f"{rid}.{part_id}", "tag": _tag(data)}
        if f == "pv-vtag-rid" and rid == "pv-costmap":
            vtag["resource-id"] = f"{rid}.propmap"
        meta = {"vtag": vtag, "cost-type": dict(PV_TYPE) if pv else {"cost-metric": "routingcost",
                                                                      "cost-mode": "numerical"}}
        if f == "pv-no-vtag" and rid == "pv-ecs":
            del meta["vtag"]
        if f == "pv-wrong-cost-type" and rid == "pv-costmap":
            meta["cost-type"] = {"cost-metric": "routingcost", "cost-mode": "numerical"}
        if rid == "pv-costmap":
            nv = self.svc.vtag()
            meta["dependent-vtags"] = [{"resource-id": nv["resource-id"], "tag": "stale"}
                                       if f == "pv-dvtags-stale" else nv]
        pv_doc = {"meta": meta, member: data}
        anes = []
        if pv:
            for row in data.values():
                for v in row.values():
                    for a in (v if isinstance(v, list) else v.split()):
                        if a not in anes:
                            anes.append(a)
        elif f == "pv-nonpv-propmap":
            anes = ["core"]
        if f == "pv-ane-missing" and anes:
            anes = anes[1:]
        if f == "pv-extra-entity" and rid == "pv-costmap":
            anes.append("unused")
        pmap = {}
        persistent = False
        for a in anes:
            key = f"ane:{a}" if f == "pv-ane-domain" and rid == "pv-ecs" else f".ane:{a}"
            allp = ane_props(a.replace("core.1", "core"))
            if f == "pv-negative-bw" and "persistent-entity-id" in allp:
                allp["max-reservable-bandwidth"] = -1
            if f == "pv-bad-persistent-id" and "persistent-entity-id" in allp:
                allp["persistent-entity-id"] = "core-1"
            if f == "pv-persistent-not-propmap" and "persistent-entity-id" in allp and rid == "pv-costmap":
                allp["persistent-entity-id"] = "networkmap.ane:core-1"
            keep = PROPS if f == "pv-unrequested-props" else props
            pmap[key] = {k: v for k, v in allp.items() if k in keep}
            persistent |= "persistent-entity-id" in pmap[key]
        dv = [] if f == "pv-propmap-no-dvtag" and rid == "pv-costmap" else [dict(vtag)]
        if persistent and not (f == "pv-propmap-no-persistent-dvtag" and rid == "pv-ecs"):
            dv.append(propmap_get()["meta"]["vtag"])
        if not dv:
            dv = [{"resource-id": "ane-props", "tag": "x"}]
        pm_doc = {"meta": {"dependent-vtags": dv}, "property-map": pmap}
        return self.multipart(rid, ptype, part_id, pv_doc, pm_doc)

    def multipart(self, rid, ptype, part_id, pv_doc, pm_doc):
        f = self.f
        b = "pv-boundary-1"
        if f == "pv-garbage":
            return f"multipart/related; boundary={b}; type={ptype}", bytes(range(256)) * 64
        if f == "pv-many-parts":
            one = f"--{b}\r\nContent-ID: <x@h>\r\nContent-Type: {ptype}\r\n\r\n{{}}\r\n"
            return f"multipart/related; boundary={b}; type={ptype}", (one * 5000 + f"--{b}--\r\n").encode()
        if f == "pv-nested":
            pv_doc = {"meta": {"x": json.loads("[" * 100 + "]" * 100)}, "cost-map": {"a": {"b": [[[[["deep"]]]]]}}}
        host = "127.0.0.1"
        pv_id, pm_id = f"<{part_id}@{host}>", f"<propmap@{host}>"
        if f == "pv-content-id-form":
            pv_id = part_id
        parts = [(pv_id, "application/json" if f == "pv-part-ctype" and rid == "pv-ecs" else ptype, pv_doc),
                 (pm_id, T_PM, pm_doc)]
        if f == "pv-no-content-id" and rid == "pv-costmap":
            parts[1] = (None, T_PM, pm_doc)
        if f == "pv-three-parts" and rid == "pv-costmap":
            parts.append((f"<extra@{host}>", "application/json", {"meta": {}}))
        if f == "pv-one-part" and rid == "pv-ecs":
            parts = parts[:1]
        if f == "pv-part-second":
            parts.reverse()
        eol = "\n" if f == "pv-lf" and rid == "pv-costmap" else "\r\n"
        out = []
        for cid, ct, doc in parts:
            out.append(f"--{b}{eol}")
            if cid:
                out.append(f"Content-ID: {cid}{eol}")
            out.append(f"Content-Type: {ct}{eol}{eol}{json.dumps(doc)}{eol}")
        if not (f == "pv-no-close" and rid == "pv-ecs"):
            out.append(f"--{b}--{eol}")
        ctype = f"multipart/related; boundary={b}; type={ptype}"
        if f == "pv-type-param":
            ctype = f"multipart/related; boundary={b}; type={T_PM}"
        if f == "pv-no-boundary" and rid == "pv-costmap":
            ctype = f"multipart/related; type={ptype}"
        if rid == "pv-ecs" or f == "pv-start-wrong":   # start on one resource only: both are legal
            ctype += f'; start="{pm_id if f == "pv-start-wrong" else pv_id}"'
        return ctype, "".join(out).encode()

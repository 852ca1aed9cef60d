"""faultserver_upm.py: an RFC 9240 property map server with one fault at a
time, the proof that every rfc9240 case can fail.  Kept apart from
faultserver.py (the RFC 7285 one), whose helpers it reuses (tag_of).

The clean service: network map "nm" (p1 10.0.0.0/8, p2 10.1.0.0/16, p3
192.0.2.0/24, p6 2001:db8::/32, default 0.0.0.0/0 and ::/0), a full
property map "pm-full" (GET /propmap/full) and a filtered one "pm" (POST
/propmap/lookup), both using nm, with mappings ipv4/ipv6 -> [.asn, .site,
nm.pid] and nm.pid -> [.asn].  Explicit values: 10.0.0.0/8 .asn 100 .site
a; 10.1.0.0/16 .asn 200; 10.1.2.3 .site b; 192.0.2.0/24 .asn 300;
2001:db8::/32 .asn 400; every netmap prefix its nm.pid; PIDs p1 and p2
.asn.  Filtered requests follow RFC 9240 section 8.6 as the reference
server does (srv_upm_doc.c).

UPM_FAULTS maps each fault to what it breaks and the case ids that must
FAIL.  Run:  faultserver_upm.py [--port 0] [--fault NAME]; the first line
on stdout is the port."""
import ipaddress
import json
import sys

from faulthttp import JsonHandler, fault_main
from faultserver import tag_of

M = "application/alto-"
T_PM, T_PMP, T_ERR, T_NM, T_CM = (M + "propmap+json", M + "propmapparams+json", M + "error+json",
                                  M + "networkmap+json", M + "costmap+json")
C = "rfc9240/"

UPM_FAULTS = {
    "media-type": ("property maps labelled application/json", [C + "7.1/media-type", C + "8.1/media-type"]),
    "no-inheritance": ("filtered answers carry explicit values only", [C + "6.1.3/inheritance"]),
    "shortest-prefix": ("inheritance from the shortest containing prefix", [C + "6.1.3/inheritance"]),
    "no-dvtags": ("no dependent-vtags", [C + "7.6/dependent-vtags", C + "8.6/filtered-dependent-vtags"]),
    "stale-dvtag": ("filtered answers carry an old network map tag", [C + "8.6/filtered-dependent-vtags"]),
    "unmapped-property": ("the full map has a property not in mappings", [C + "7.6/mapped-properties"]),
    "bad-entity-id": ("the full map holds ipv4:10.0.0.256", [C + "5.1.3/entity-ids"]),
    "pid-unqualified": ("mappings name the domain \"pid\" without its network map", [C + "7.4/mappings"]),
    "costmap-defining": ("the pid property is defined by a cost map", [C + "7.5/defining-resources"]),
    "unknown-domain-accepted": ("entities of unmapped domains ignored (200)", [C + "8.6/unknown-domain"]),
    "invalid-entity-accepted": ("malformed entity ids ignored (200)",
                                [C + "8.6/invalid-entity", C + "8.6/unknown-domain"]),
    "unknown-property-accepted": ("unknown properties ignored (200)", [C + "8.6/unknown-property"]),
    "missing-entities-ok": ("no \"entities\" read as []", [C + "8.6/missing-entities"]),
    "undefined-error": ("a valid entity without properties is an error", [C + "8.6/valid-undefined"]),
    "extra-entities": ("filtered answers add an entity not asked for", [C + "8.6/only-requested"]),
    "covered-ignored": ("a prefix request leaves out the entities inside it", [C + "8.6/covered"]),
    "properties-absent-values": ("without \"properties\" values are sent, not {}",
                                 [C + "8.3/properties-absent"]),
    "empty-means-none": ("\"entities\": [] answers nothing", [C + "8.3/empty-entities"]),
    "wrong-pid": ("nm.pid of every filtered address is p1", [C + "8.7/pid-values"]),
}

NETMAP = {"p1": ["10.0.0.0/8"], "p2": ["10.1.0.0/16"], "p3": ["192.0.2.0/24"],
          "p6": ["2001:db8::/32"], "default": ["0.0.0.0/0", "::/0"]}
PROPS = {".asn": "x", ".site": "x", "nm.pid": "x"}
EXPLICIT = {"ipv4:10.0.0.0/8": {".asn": "100", ".site": "a"}, "ipv4:10.1.0.0/16": {".asn": "200"},
            "ipv4:10.1.2.3": {".site": "b"}, "ipv4:192.0.2.0/24": {".asn": "300"},
            "ipv6:2001:db8::/32": {".asn": "400"}}
PID_PROPS = {"nm.pid:p1": {".asn": "100"}, "nm.pid:p2": {".asn": "200"}}


class Bad(Exception):
    def __init__(self, code, field=None, value=None):
        super().__init__(code)
        self.doc = {"meta": {k: v for k, v in (("code", code), ("field", field), ("value", value)) if v}}


def entity(s):
    """(domain, ident, network or None) of an EntityID, or None if invalid."""
    dom, _, ident = s.partition(":")
    if not ident:
        return None
    if dom in ("ipv4", "ipv6"):
        try:
            net = ipaddress.ip_network(ident, strict=True)
        except ValueError:
            return None
        return (dom, ident, net) if net.version == int(dom[3]) else None
    if dom.endswith(".pid") and dom != ".pid":
        ok = 0 < len(ident) <= 64 and all(ch.isalnum() or ch in "-:@_." for ch in ident)
        return (dom, ident, None) if ok else None
    return (dom, ident, None) if dom else None


class Service:
    def __init__(self, fault=""):
        self.fault = fault
        nm = {}
        for pid, pfx in NETMAP.items():
            for x in pfx:
                nm.setdefault(pid, {}).setdefault("ipv6" if ":" in x else "ipv4", []).append(x)
        self.netmap = {"meta": {"vtag": {"resource-id": "nm", "tag": ""}}, "network-map": nm}
        self.netmap["meta"]["vtag"]["tag"] = tag_of(self.netmap["network-map"])
        self.explicit = {k: dict(v) for k, v in EXPLICIT.items()}
        for pid, pfx in NETMAP.items():
            for x in pfx:
                key = ("ipv6:" if ":" in x else "ipv4:") + x
                self.explicit.setdefault(key, {})["nm.pid"] = pid
        self.explicit.update({k: dict(v) for k, v in PID_PROPS.items()})

    # ---- the IRD ----
    def mappings(self):
        addr = list(PROPS)
        if self.fault == "costmap-defining":
            addr = [".asn", ".site", "cm.pid"]
        pid_dom = "pid" if self.fault == "pid-unqualified" else "nm.pid"
        return {"ipv4": addr, "ipv6": addr, pid_dom: [".asn"]}

    def ird(self, base):
        caps = {"mappings": self.mappings()}
        uses = ["nm", "cm"] if self.fault == "costmap-defining" else ["nm"]
        res = {"nm": {"uri": base + "/networkmap", "media-type": T_NM},
               "pm-full": {"uri": base + "/propmap/full", "media-type": T_PM, "capabilities": caps,
                           "uses": uses},
               "pm": {"uri": base + "/propmap/lookup", "media-type": T_PM, "accepts": T_PMP,
                      "capabilities": caps, "uses": uses}}
        if self.fault == "costmap-defining":
            res["cm"] = {"uri": base + "/costmap", "media-type": T_CM, "uses": ["nm"],
                         "capabilities": {"cost-type-names": ["num-routingcost"]}}
        return {"meta": {"default-alto-network-map": "nm",
                         "cost-types": {"num-routingcost": {"cost-mode": "numerical",
                                                            "cost-metric": "routingcost"}}},
                "resources": res}

    # ---- values ----
    def meta(self, filtered):
        if self.fault == "no-dvtags":
            return {}
        vt = dict(self.netmap["meta"]["vtag"])
        if filtered and self.fault == "stale-dvtag":
            vt["tag"] = "0" * 32
        return {"dependent-vtags": [vt]}

    def value(self, dom, net, prop):
        """Longest (or, faulty, shortest) prefix defining prop."""
        if self.fault == "wrong-pid" and prop == "nm.pid":
            return "p1"
        best = None
        for k, props in self.explicit.items():
            e = entity(k)
            if not e or e[0] != dom or prop not in props or e[2].version != net.version:
                continue
            if not net.subnet_of(e[2]):
                continue
            if self.fault == "no-inheritance" and e[2] != net:
                continue
            if best is None or (e[2].prefixlen < best[0] if self.fault == "shortest-prefix"
                                else e[2].prefixlen > best[0]):
                best = (e[2].prefixlen, props[prop])
        return best[1] if best else None

    def effective(self, ent, props):
        dom, ident, net = ent
        if net is None:
            src = self.explicit.get(f"{dom}:{ident}", {})
            return {p: src[p] for p in props if p in src}
        return {p: v for p in props if (v := self.value(dom, net, p)) is not None}

    def full(self):
        pm = {k: {p: v for p, v in props.items() if p in self.mappings().get(entity(k)[0], [])}
              for k, props in self.explicit.items()}
        if self.fault == "unmapped-property":
            pm["ipv4:10.0.0.0/8"][".extra"] = "x"
        if self.fault == "bad-entity-id":
            pm["ipv4:10.0.0.256"] = {".asn": "1"}
        return {"meta": self.meta(False), "property-map": pm}

    def filtered(self, req):
        mp = self.mappings()
        if not isinstance(req, dict):
            raise Bad("E_SYNTAX")
        ents = req.get("entities")
        if ents is None:
            if self.fault != "missing-entities-ok":
                raise Bad("E_MISSING_FIELD", "entities")
            ents = []
        asked = []
        for s in ents:
            e = entity(s) if isinstance(s, str) else None
            if e is None:
                if self.fault == "invalid-entity-accepted":
                    continue
                raise Bad("E_INVALID_FIELD_VALUE", "entities", s)
            if e[0] not in mp:
                if self.fault in ("unknown-domain-accepted", "invalid-entity-accepted"):
                    continue
                raise Bad("E_INVALID_FIELD_VALUE", "entities", s)
            if self.fault == "undefined-error" and e[2] is None and f"{e[0]}:{e[1]}" not in self.explicit:
                raise Bad("E_INVALID_FIELD_VALUE", "entities", s)
            asked.append(e)
        props = req.get("properties")
        every = {p for v in mp.values() for p in v}
        for p in props or []:
            if p not in every and self.fault != "unknown-property-accepted":
                raise Bad("E_INVALID_FIELD_VALUE", "properties", p)
        out = {}

        def add(e, key):
            want = [p for p in mp[e[0]] if not props or p in props]
            vals = self.effective(e, want)
            if vals:
                empty = props is None and self.fault != "properties-absent-values"
                out[key] = {} if empty else vals
        if not ents and self.fault != "empty-means-none":
            for k in self.explicit:
                e = entity(k)
                if e and e[0] in mp:
                    add(e, k)
        for e in asked:
            add(e, f"{e[0]}:{e[1]}")
            if e[2] is not None and props is not None and self.fault != "covered-ignored":
                for k in self.explicit:
                    x = entity(k)
                    if x and x[0] == e[0] and x[2].version == e[2].version and x[2] != e[2] \
                            and x[2].subnet_of(e[2]):
                        add(x, k)
        if self.fault == "extra-entities":
            out["ipv4:198.51.100.0/24"] = {p: "999" for p in (props or [".asn"])[:1]}
        return {"meta": self.meta(True), "property-map": out}


class Handler(JsonHandler):
    svc = None

    def send(self, status, ctype, doc):
        if ctype == T_PM and self.svc.fault == "media-type":
            ctype = "application/json"
        self._send(status, ctype, doc)

    def do_GET(self):
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path == "/directory":
            return self.send(200, M + "directory+json", self.svc.ird(base))
        if self.path == "/networkmap":
            return self.send(200, T_NM, self.svc.netmap)
        if self.path == "/propmap/full":
            return self.send(200, T_PM, self.svc.full())
        self.send(404, T_ERR, {"meta": {"code": "E_SYNTAX"}})

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n)
        if self.path != "/propmap/lookup":
            return self.send(404, T_ERR, {"meta": {"code": "E_SYNTAX"}})
        try:
            doc = self.svc.filtered(json.loads(raw))
        except Bad as b:
            return self.send(400, T_ERR, b.doc)
        except ValueError:
            return self.send(400, T_ERR, {"meta": {"code": "E_SYNTAX"}})
        self.send(200, T_PM, doc)


def main():
    return fault_main(UPM_FAULTS, Handler, Service)


if __name__ == "__main__":
    sys.exit(main())

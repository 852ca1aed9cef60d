"""faultserver_cdni.py: an RFC 9241 CDNI ALTO server with one fault at a
time, the proof that every rfc9241 case can fail.  It offers only what the
suite looks at, with the tag and error helpers of faultserver.py and the
handler and start-up of faulthttp.py.

The clean service: a network map "netmap" (pid-a 192.0.2.0/24, pid-b
198.51.100.0/24, pid-c 2001:db8::/32); two CDNI Advertisement resources,
"cdni-a" (GET /cdni/a: delivery http/1.1+https/1.1 on 192.0.2.0/24,
2001:db8::/32, as64496 and de; delivery http/1.1 on 198.51.100.0/24;
acquisition https/1.1 everywhere) and "cdni-b" (GET /cdni/b: delivery
https/1.1 on altopid pid-a, pid-b; uses netmap); the filtered
"cdni-a-filtered" (POST /cdni/a/filtered) with the RFC 9241 5.6 rules;
and the property map "cdni-props" (GET /propmap/cdni) of cdni-a's
footprints (RFC 9241 6).

CDNI_FAULTS maps each fault to what it breaks and the rfc9241 case ids
that must FAIL (the SHOULD row under --strict).  Run:
faultserver_cdni.py [--port 0] [--fault NAME]; the first line on stdout is
the port."""
import copy
import json
import sys

from faulthttp import JsonHandler, fault_main
from faultserver import AltoError, tag_of

M = "application/alto-"
T_CDNI, T_CDNIF, T_NM, T_PM, T_ERR = (M + "cdni+json", M + "cdnifilter+json", M + "networkmap+json",
                                      M + "propmap+json", M + "error+json")
S = "rfc9241/"

CDNI_FAULTS = {
    "cdni-media-json": ("advertisements labelled application/json", [S + "3.1/media-type"]),
    "cdni-uses-spurious": ("cdni-a uses the network map it does not depend on", [S + "3.5/uses-absent"]),
    "cdni-no-vtag": ("advertisements without meta.vtag", [S + "3.6/vtag"]),
    "cdni-vtag-rid": ("the vtag names another resource", [S + "3.6/vtag"]),
    "cdni-no-dvtags": ("cdni-b without dependent-vtags", [S + "3.6/dependent-vtags", S + "4.1/netmap-dependent-vtags"]),
    "cdni-stale-dvtag": ("cdni-b names a stale network map tag",
                         [S + "3.6/dependent-vtags", S + "4.1/netmap-dependent-vtags"]),
    "cdni-caps-object": ("capabilities-with-footprints is an object", [S + "3.6/shape"]),
    "cdni-capvalue-array": ("a delivery protocol capability-value as a bare array", [S + "3.6/capability-values"]),
    "cdni-fp-type": ("an unregistered footprint type ipv4prefix", [S + "3.6/footprint-types"]),
    "cdni-fp-asn": ("an ASN footprint \"AS64496\"", [S + "3.6/footprint-values"]),
    "cdni-fp-cidr": ("an ipv4cidr footprint 192.0.2.0/33", [S + "3.6/footprint-values"]),
    "cdni-no-uses-netmap": ("cdni-b (altopid) does not use the network map", [S + "4.1/uses-netmap"]),
    "cdni-altopid-undefined": ("an altopid footprint that is no PID", [S + "4.1/altopid-defined"]),
    "cdnif-media": ("filtered answers labelled application/json", [S + "5.1/filtered-media-type"]),
    "cdnif-empty-nothing": ("an empty filter answered with no object", [S + "5.3/empty-is-full"]),
    "cdnif-duplicates": ("a capability listed twice returns its objects twice", [S + "5.3/duplicates"]),
    "cdnif-filter-ignored": ("the filter is ignored: always the full advertisement",
                             [S + "5.3/omit-undefined", S + "5.6/filter-semantics"]),
    "cdnif-exact-match": ("only objects whose value equals the asked one (no superset)", [S + "5.6/filter-semantics"]),
    "cdnif-uses": ("the filtered resource uses the network map it does not depend on", [S + "5.5/filtered-uses"]),
    "cdnif-null-type-ok": ("a null capability-type accepted", [S + "5.6/null-type"]),
    "cdnif-null-value-code": ("a null capability-value rejected with E_INVALID_FIELD_TYPE", [S + "5.6/null-value"]),
    "cdnif-inconsistent-ok": ("an inconsistent capability-value accepted", [S + "5.6/inconsistent-value"]),
    "cdnif-error-no-value": ("errors without \"value\"", [S + "5.6/error-value"]),
    "cdnif-vtag": ("the filtered answer's vtag tag is not the full one's", [S + "5.6/filtered-vtag"]),
    "pm-asn-upper": ("ASN entity \"asn:AS64496\"", [S + "6.1.1.2/asn-entities"]),
    "pm-cc-upper": ("country code entity \"countrycode:DE\"", [S + "6.1.2.2/countrycode-entities"]),
    "pm-defining-netmap": ("cdni-capabilities defined by the network map", [S + "6.2.1/defining-resource"]),
    "pm-value-object": ("a cdni-capabilities value that is an object", [S + "6.2.2/capabilities-array"]),
    "pm-missing-cap": ("the global acquisition capability left out of every entity", [S + "6.2.2/all-capabilities"]),
}

LISTS = {"FCI.DeliveryProtocol": "delivery-protocols", "FCI.AcquisitionProtocol": "acquisition-protocols",
         "FCI.RedirectionMode": "redirection-modes"}
NETMAP = {"pid-a": {"ipv4": ["192.0.2.0/24"]}, "pid-b": {"ipv4": ["198.51.100.0/24"]},
          "pid-c": {"ipv6": ["2001:db8::/32"]}}
DP, AP = "FCI.DeliveryProtocol", "FCI.AcquisitionProtocol"
A1 = {"capability-type": DP, "capability-value": {"delivery-protocols": ["http/1.1", "https/1.1"]},
      "footprints": [{"footprint-type": "ipv4cidr", "footprint-value": ["192.0.2.0/24"]},
                     {"footprint-type": "ipv6cidr", "footprint-value": ["2001:db8::/32"]},
                     {"footprint-type": "asn", "footprint-value": ["as64496"]},
                     {"footprint-type": "countrycode", "footprint-value": ["de"]}]}
A2 = {"capability-type": DP, "capability-value": {"delivery-protocols": ["http/1.1"]},
      "footprints": [{"footprint-type": "ipv4cidr", "footprint-value": ["198.51.100.0/24"]}]}
A3 = {"capability-type": AP, "capability-value": {"acquisition-protocols": ["https/1.1"]}}
B1 = {"capability-type": DP, "capability-value": {"delivery-protocols": ["https/1.1"]},
      "footprints": [{"footprint-type": "altopid", "footprint-value": ["pid-a", "pid-b"]}]}


def superset(a, x):
    """RFC 9241 5.6: offered capability-value a covers asked x."""
    if isinstance(x, dict) and isinstance(a, dict):
        return all(k in a and superset(a[k], v) for k, v in x.items())
    if isinstance(x, list) and isinstance(a, list):
        return all(v in a for v in x)
    return a == x


def cap(o):
    return {"capability-type": o["capability-type"], "capability-value": o["capability-value"]}


class Service:
    def __init__(self, fault):
        self.fault = fault
        self.nm_tag = tag_of(NETMAP)

    def ird(self):
        f = self.fault
        res = {"netmap": {"uri": "/networkmap", "media-type": T_NM},
               "cdni-a": {"uri": "/cdni/a", "media-type": T_CDNI},
               "cdni-b": {"uri": "/cdni/b", "media-type": T_CDNI, "uses": ["netmap"]},
               "cdni-a-filtered": {"uri": "/cdni/a/filtered", "media-type": T_CDNI, "accepts": T_CDNIF}}
        prop = "netmap" if f == "pm-defining-netmap" else "cdni-a"
        names = [prop + ".cdni-capabilities"]
        res["cdni-props"] = {"uri": "/propmap/cdni", "media-type": T_PM, "uses": [prop],
                             "capabilities": {"mappings": {d: names for d in ("ipv4", "ipv6", "asn", "countrycode")}}}
        if f == "cdni-uses-spurious":
            res["cdni-a"]["uses"] = ["netmap"]
        if f == "cdnif-uses":
            res["cdni-a-filtered"]["uses"] = ["netmap"]
        if f == "cdni-no-uses-netmap":
            del res["cdni-b"]["uses"]
        return {"meta": {"default-alto-network-map": "netmap"}, "resources": res}

    def netmap(self):
        return {"meta": {"vtag": {"resource-id": "netmap", "tag": self.nm_tag}}, "network-map": NETMAP}

    def objects(self, which):
        f = self.fault
        objs = copy.deepcopy([A1, A2, A3] if which == "a" else [B1])
        if which == "a":
            if f == "cdni-capvalue-array":
                objs[1]["capability-value"] = ["http/1.1"]
            if f == "cdni-fp-type":
                objs[1]["footprints"][0]["footprint-type"] = "ipv4prefix"
            if f == "cdni-fp-asn":
                objs[0]["footprints"][2]["footprint-value"] = ["AS64496"]
            if f == "cdni-fp-cidr":
                objs[0]["footprints"][0]["footprint-value"] = ["192.0.2.0/33"]
        elif f == "cdni-altopid-undefined":
            objs[0]["footprints"][0]["footprint-value"].append("nowhere")
        return objs

    def advertisement(self, which):
        f = self.fault
        objs = self.objects(which)
        rid = "cdni-" + which
        meta = {"vtag": {"resource-id": "cdni-b" if f == "cdni-vtag-rid" and which == "a" else rid,
                         "tag": tag_of(objs)}}
        if which == "b" and f != "cdni-no-dvtags":
            meta["dependent-vtags"] = [{"resource-id": "netmap",
                                        "tag": "0" * 40 if f == "cdni-stale-dvtag" else self.nm_tag}]
        if f == "cdni-no-vtag":
            del meta["vtag"]
        body = {"capabilities-with-footprints": objs}
        if f == "cdni-caps-object":
            body["capabilities-with-footprints"] = {str(i): o for i, o in enumerate(objs)}
        return {"meta": meta, "cdni-advertisement": body}

    def check_cap(self, c):
        f = self.fault
        if not isinstance(c, dict):
            raise AltoError("E_INVALID_FIELD_TYPE", "cdni-capabilities", json.dumps(c))
        value = None if f == "cdnif-error-no-value" else json.dumps(c)
        if "capability-type" not in c:
            raise AltoError("E_MISSING_FIELD", "cdni-capabilities/capability-type")
        t, v = c["capability-type"], c.get("capability-value")
        if t is None and f != "cdnif-null-type-ok":
            raise AltoError("E_INVALID_FIELD_VALUE", "cdni-capabilities/capability-type", value)
        if "capability-value" not in c:
            raise AltoError("E_MISSING_FIELD", "cdni-capabilities/capability-value")
        if v is None:
            code = "E_INVALID_FIELD_TYPE" if f == "cdnif-null-value-code" else "E_INVALID_FIELD_VALUE"
            raise AltoError(code, "cdni-capabilities/capability-value", value)
        lst = LISTS.get(t)
        ok = not lst or (isinstance(v, dict) and isinstance(v.get(lst), list))
        if not ok and f != "cdnif-inconsistent-ok":
            raise AltoError("E_INVALID_FIELD_VALUE", "cdni-capabilities/capability-value", value)

    def filtered(self, req):
        f = self.fault
        caps = req.get("cdni-capabilities")
        if caps is None:
            raise AltoError("E_MISSING_FIELD", "cdni-capabilities")
        if not isinstance(caps, list):
            raise AltoError("E_INVALID_FIELD_TYPE", "cdni-capabilities")
        for c in caps:
            self.check_cap(c)
        doc = self.advertisement("a")
        objs = doc["cdni-advertisement"]["capabilities-with-footprints"]
        if f == "cdnif-vtag":
            doc["meta"]["vtag"]["tag"] = "f" * 40
        if f == "cdnif-empty-nothing" and not caps:
            objs = []
        elif caps and f != "cdnif-filter-ignored":
            match = (lambda o, x: o["capability-value"] == x["capability-value"]) if f == "cdnif-exact-match" \
                else (lambda o, x: superset(o["capability-value"], x["capability-value"]))
            keep = []
            for x in caps:
                for o in objs:
                    if o["capability-type"] == x.get("capability-type") and match(o, x) and \
                            (f == "cdnif-duplicates" or o not in keep):
                        keep.append(o)
            if f != "cdnif-duplicates":
                keep = [o for o in objs if o in keep]
            objs = keep
        doc["cdni-advertisement"]["capabilities-with-footprints"] = objs
        return doc

    def propmap(self):
        f = self.fault
        prop = ("netmap" if f == "pm-defining-netmap" else "cdni-a") + ".cdni-capabilities"
        every = [A3] if f != "pm-missing-cap" else []
        ents = {"ipv4:192.0.2.0/24": [A1] + every, "ipv4:198.51.100.0/24": [A2] + every,
                "ipv6:2001:db8::/32": [A1] + every, "asn:as64496": [A1] + every, "countrycode:de": [A1] + every}
        out = {}
        for k, objs in ents.items():
            if f == "pm-asn-upper":
                k = k.replace("asn:as", "asn:AS")
            if f == "pm-cc-upper":
                k = k.replace("countrycode:de", "countrycode:DE")
            v = [cap(o) for o in objs]
            out[k] = {prop: {"caps": v} if f == "pm-value-object" else v}
        dv = [{"resource-id": "cdni-a", "tag": tag_of(self.objects("a"))}]
        return {"meta": {"dependent-vtags": dv}, "property-map": out}


class Handler(JsonHandler):
    svc = None

    def send(self, status, ctype, body):
        self._send(status, ctype, body)

    def do_GET(self):
        s, p, f = self.svc, self.path, self.svc.fault
        if p == "/directory":
            return self.send(200, M + "directory+json", s.ird())
        if p == "/networkmap":
            return self.send(200, T_NM, s.netmap())
        if p in ("/cdni/a", "/cdni/b"):
            return self.send(200, "application/json" if f == "cdni-media-json" else T_CDNI, s.advertisement(p[-1]))
        if p == "/propmap/cdni":
            return self.send(200, T_PM, s.propmap())
        return self.send(404, "text/plain", b"not found")

    def do_POST(self):
        s, f = self.svc, self.svc.fault
        raw = self._body()
        if self.path != "/cdni/a/filtered":
            return self.send(404, "text/plain", b"not found")
        if (self.headers.get("Content-Type") or "").split(";")[0].strip().lower() != T_CDNIF:
            return self.send(415, "text/plain", b"unsupported media type")
        try:
            try:
                req = json.loads(raw)
            except ValueError as e:
                raise AltoError("E_SYNTAX") from e
            if not isinstance(req, dict):
                raise AltoError("E_SYNTAX")
            return self.send(200, "application/json" if f == "cdnif-media" else T_CDNI, s.filtered(req))
        except AltoError as e:
            meta = {"code": e.code}
            if e.field:
                meta["field"] = e.field
            if e.value is not None:
                meta["value"] = str(e.value)
            return self.send(400, T_ERR, {"meta": meta})


def main():
    return fault_main(CDNI_FAULTS, Handler, Service)


if __name__ == "__main__":
    sys.exit(main())

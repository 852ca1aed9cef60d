"""altoschema: validators of ALTO message shapes (RFC 7285, plus the RFC
9240 property maps and RFC 9275 path vector), for the tests.

One function per message type, each raising ShapeError(path, message) on
the first violation, where path is a JSON-pointer-like location
("/cost-map/PID1/PID2").  The same validators check the reference server's
responses and the RFC's own examples (test_server_schema.py), so a
validator that rejects a valid RFC example is itself a bug.

What is checked is what RFC 7285 states as a type or a MUST: member
presence and JSON types, PIDName / ResourceID / TypedEndpointAddr /
prefix syntax (sections 10.1-10.4), cost modes (10.5; plus "array" and
"priv:" from RFC 9274), the IRD entry structure (9.2.2), single-element
dependent-vtags for cost maps (11.2.3.6), non-overlapping network maps
(11.2.2), ordinal costs being non-negative integers (10.5), and the error
"value"-needs-"field" rule (8.5.2).  Unknown members are allowed
everywhere (section 8.3.7).

Three checks are opt-in because the RFC's own valid examples do not meet
them in every context:
  - check_network_map(complete=True): the map covers the whole address
    space of every family it contains (11.2.2); a *filtered* map need not.
  - check_network_map(strict=True) / check_prefix(strict=True): prefixes
    have no host bits set (RFC 4632); the RFC's example 11.3.1.7 does not.
  - check_ird(strict_refs=True): every "uses" and "cost-type-names" entry
    names something defined in the same IRD (9.2.2); the RFC's delegated
    IRD example (section 9.2.4) uses a network map of the root IRD.
"""
import email.parser
import email.policy
import ipaddress
import json
import re

ERROR_CODES = ("E_SYNTAX", "E_MISSING_FIELD", "E_INVALID_FIELD_TYPE",
               "E_INVALID_FIELD_VALUE")
COST_MODES = ("numerical", "ordinal", "array")

_PIDNAME = re.compile(r"^[A-Za-z0-9\-:@_.]{1,64}$")
_GLOBAL_PROP = re.compile(r"^[A-Za-z0-9\-:_]{1,32}$")
_METRIC = re.compile(r"^[A-Za-z0-9\-:_.]{1,32}$")
_ADDRTYPE = re.compile(r"^[A-Za-z0-9]+$")
_TOKEN = r"[a-z0-9!#$&^_.+-]+"
_MEDIA = re.compile(rf'^{_TOKEN}/{_TOKEN}(\s*;\s*{_TOKEN}=({_TOKEN}/{_TOKEN}|{_TOKEN}|"[^"]*"))*$', re.I)
PV_METRIC, PV_MODE = "ane-path", "array"
MT_PROPMAP = "application/alto-propmap+json"


class ShapeError(ValueError):
    def __init__(self, path, msg):
        super().__init__(f"{path or '/'}: {msg}")
        self.path = path
        self.msg = msg


def _fail(path, msg):
    raise ShapeError(path, msg)


def _type_name(v):
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
            type(None): "null"}.get(type(v), "a number")


def _obj(v, path):
    if not isinstance(v, dict):
        _fail(path, f"expected an object, got {_type_name(v)}")
    return v


def _arr(v, path, min_len=0):
    if not isinstance(v, list):
        _fail(path, f"expected an array, got {_type_name(v)}")
    if len(v) < min_len:
        _fail(path, f"expected at least {min_len} element(s)")
    return v


def _str(v, path):
    if not isinstance(v, str):
        _fail(path, f"expected a string, got {_type_name(v)}")
    return v


def _num(v, path):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        _fail(path, f"expected a number, got {_type_name(v)}")
    return v


def _member(o, key, path, required=True):
    if key not in o:
        if required:
            _fail(path, f'missing required member "{key}"')
        return None
    return o[key]


# ---- basic types (section 10) ----

def check_pid_name(s, path):
    if not _PIDNAME.match(_str(s, path)):
        _fail(path, f"not a PIDName (1-64 of [A-Za-z0-9-:@_.]): {s!r}")


check_resource_id = check_pid_name   # section 10.2: same format


def check_vtag(v, path):
    _obj(v, path)
    check_resource_id(_member(v, "resource-id", path), path + "/resource-id")
    tag = _str(_member(v, "tag", path), path + "/tag")
    if not 1 <= len(tag) <= 64 or any(not 0x21 <= ord(c) <= 0x7e for c in tag):
        _fail(path + "/tag", f"tag must be 1-64 characters U+0021-U+007E: {tag!r}")


def _address(family, text, path):
    try:
        a = ipaddress.IPv4Address(text) if family == "ipv4" else ipaddress.IPv6Address(text)
    except ValueError:
        _fail(path, f"not an {family} address: {text!r}")
    if family == "ipv6" and str(a) != text:
        _fail(path, f"IPv6 address not in RFC 5952 form: {text!r} (expected {a})")
    return a


def check_typed_addr(s, path):
    """TypedEndpointAddr (10.4.1): "ipv4:192.0.2.1", "ipv6:2001:db8::1"."""
    _str(s, path)
    typ, sep, addr = s.partition(":")
    if not sep or typ not in ("ipv4", "ipv6"):
        _fail(path, f"not a TypedEndpointAddr with a registered type: {s!r}")
    return _address(typ, addr, path)


def check_prefix(family, s, path, strict=False):
    """EndpointPrefix (10.4.4): CIDR "address/length".  Host bits are an
    error only when strict: the RFC's own filtered-map example (11.3.1.7)
    prints "198.51.100.128/24", a typo for the /25 of section 11.2.1.7.
    Returns the interface as written (address and length unmasked)."""
    _str(s, path)
    if "/" not in s:
        _fail(path, f"not a prefix (address/length): {s!r}")
    addr, _, plen = s.partition("/")
    _address(family, addr, path)
    if not plen.isdigit():
        _fail(path, f"bad prefix length: {s!r}")
    try:
        ipaddress.ip_network(s, strict=strict)
        return ipaddress.ip_interface(s)
    except ValueError as e:
        _fail(path, f"bad prefix {s!r}: {e}")


def check_addr_group(g, path, strict=False):
    """EndpointAddrGroup (10.4.5): AddressType -> [EndpointPrefix].
    Unknown address types are skipped (section 11.2.1.6)."""
    nets = []
    for typ, prefixes in _obj(g, path).items():
        if not _ADDRTYPE.match(typ):
            _fail(path, f"bad address type {typ!r}")
        _arr(prefixes, f"{path}/{typ}")
        if typ in ("ipv4", "ipv6"):
            nets += [check_prefix(typ, p, f"{path}/{typ}/{i}", strict) for i, p in enumerate(prefixes)]
    return nets


def check_cost_mode(m, path):
    _str(m, path)
    if m not in COST_MODES and not (m.startswith("priv:") and len(m) > 5):
        _fail(path, f"unknown cost mode {m!r}")


def check_cost_type(ct, path):
    _obj(ct, path)
    metric = _str(_member(ct, "cost-metric", path), path + "/cost-metric")
    if not _METRIC.match(metric) or metric == "priv:":
        _fail(path + "/cost-metric", f"not a CostMetric: {metric!r}")
    check_cost_mode(_member(ct, "cost-mode", path), path + "/cost-mode")
    if "description" in ct:
        _str(ct["description"], path + "/description")


def check_property_name(p, path):
    """EndpointPropertyType (10.8): global, or "<ResourceID>.<global>"."""
    _str(p, path)
    rid, dot, name = p.rpartition(".")
    if dot:
        check_resource_id(rid, path)
    if not _GLOBAL_PROP.match(name) or name == "priv:":
        _fail(path, f"not an endpoint property name: {p!r}")


def _meta(doc, path=""):
    return _obj(_member(_obj(doc, path), "meta", path), path + "/meta")


# ---- responses ----

def check_ird(doc, root=True, strict_refs=False):
    meta = _meta(doc)
    types = _obj(meta.get("cost-types", {}), "/meta/cost-types")
    for name, ct in types.items():
        check_cost_type(ct, f"/meta/cost-types/{name}")
    res = _obj(_member(doc, "resources", ""), "/resources")
    if root:
        dnm = _str(_member(meta, "default-alto-network-map", "/meta"),
                   "/meta/default-alto-network-map")
        if strict_refs and res.get(dnm, {}).get("media-type") != "application/alto-networkmap+json":
            _fail("/meta/default-alto-network-map", f"{dnm!r} is not a network map of this IRD")
    for rid, e in res.items():
        p = f"/resources/{rid}"
        check_resource_id(rid, p)
        _obj(e, p)
        _str(_member(e, "uri", p), p + "/uri")
        for k in ("media-type", "accepts"):
            if k in e and not _MEDIA.match(_str(e[k], f"{p}/{k}")):
                _fail(f"{p}/{k}", f"not a media type: {e[k]!r}")
        _member(e, "media-type", p)
        caps = _obj(e.get("capabilities", {}), p + "/capabilities")
        for i, u in enumerate(_arr(e.get("uses", []), p + "/uses")):
            check_resource_id(u, f"{p}/uses/{i}")
            if strict_refs and u not in res:
                _fail(f"{p}/uses/{i}", f"{u!r} is not defined in this IRD")
        mt = e["media-type"]
        if "cost-type-names" in caps:
            names = _arr(caps["cost-type-names"], p + "/capabilities/cost-type-names", 1)
            for i, n in enumerate(names):
                _str(n, f"{p}/capabilities/cost-type-names/{i}")
                if strict_refs and n not in types:
                    _fail(f"{p}/capabilities/cost-type-names/{i}",
                          f"{n!r} is not in meta.cost-types")
            if mt == "application/alto-costmap+json" and "accepts" not in e and len(names) != 1:
                _fail(p + "/capabilities/cost-type-names",
                      "a full cost map has exactly one cost type (11.2.3.4)")
        if "cost-constraints" in caps and not isinstance(caps["cost-constraints"], bool):
            _fail(p + "/capabilities/cost-constraints", "expected a boolean")
        if "prop-types" in caps:
            for i, n in enumerate(_arr(caps["prop-types"], p + "/capabilities/prop-types", 1)):
                check_property_name(n, f"{p}/capabilities/prop-types/{i}")
        if mt == "application/alto-endpointcost+json" and "uses" in e:
            _fail(p + "/uses", "the Endpoint Cost Service MUST NOT have uses (11.5.1.5)")
        _check_extension_caps(e, p, types, strict_refs)
    return doc


def check_network_map(doc, complete=False, strict=False):
    check_vtag(_member(_meta(doc), "vtag", "/meta"), "/meta/vtag")
    nm = _obj(_member(doc, "network-map", ""), "/network-map")
    seen = {}
    for pid, group in nm.items():
        check_pid_name(pid, f"/network-map/{pid}")
        for net in check_addr_group(group, f"/network-map/{pid}", strict):
            if net in seen and seen[net] != pid:
                _fail(f"/network-map/{pid}",
                      f"prefix {net} is also in PID {seen[net]!r}: overlapping (11.2.2)")
            seen[net] = pid
    if complete:
        for version, whole in ((4, "0.0.0.0/0"), (6, "::/0")):
            nets = [n.network for n in seen if n.version == version]
            if nets and list(ipaddress.collapse_addresses(nets)) != [ipaddress.ip_network(whole)]:
                _fail("/network-map", f"IPv{version} space not covered: map is not complete (11.2.2)")
    return doc


def _cost_value(v, path, mode, metric=None):
    if mode == PV_MODE:
        # RFC 9275 6.5.2: a JSON array; 6.5.1: of ANENames for "ane-path".
        _arr(v, path)
        if metric == PV_METRIC:
            for i, name in enumerate(v):
                check_pid_name(name, f"{path}/{i}")
        return
    _num(v, path)
    if mode == "ordinal" and (v < 0 or v != int(v)):
        _fail(path, f"ordinal costs are non-negative integers, got {v!r}")


def _multi_value(v, path, types):
    """RFC 8189 4.1.3: one value per requested cost type, in order."""
    if len(_arr(v, path)) != len(types):
        _fail(path, f"expected {len(types)} values (multi-cost-types), got {len(v)}")
    for i, (x, t) in enumerate(zip(v, types)):
        if x is not None:
            _cost_value(x, f"{path}/{i}", t["cost-mode"], t["cost-metric"])


def _cost_types_of(meta):
    """The cost type(s) of a cost response: [one] or the multi-cost list."""
    if "multi-cost-types" in meta and "cost-type" not in meta:
        types = _arr(meta["multi-cost-types"], "/meta/multi-cost-types", 1)
        for i, t in enumerate(types):
            check_cost_type(t, f"/meta/multi-cost-types/{i}")
        return types, True
    ct = _member(meta, "cost-type", "/meta")
    check_cost_type(ct, "/meta/cost-type")
    return [ct], False


def _cell(v, path, types, multi):
    if multi:
        _multi_value(v, path, types)
    else:
        _cost_value(v, path, types[0]["cost-mode"], types[0]["cost-metric"])


def check_cost_map(doc):
    meta = _meta(doc)
    dv = _arr(_member(meta, "dependent-vtags", "/meta"), "/meta/dependent-vtags")
    if len(dv) != 1:
        _fail("/meta/dependent-vtags", f"expected a single element (11.2.3.6), got {len(dv)}")
    check_vtag(dv[0], "/meta/dependent-vtags/0")
    if "vtag" in meta:
        check_vtag(meta["vtag"], "/meta/vtag")
    types, multi = _cost_types_of(meta)
    for src, row in _obj(_member(doc, "cost-map", ""), "/cost-map").items():
        check_pid_name(src, f"/cost-map/{src}")
        for dst, v in _obj(row, f"/cost-map/{src}").items():
            check_pid_name(dst, f"/cost-map/{src}/{dst}")
            _cell(v, f"/cost-map/{src}/{dst}", types, multi)
    return doc


def check_endpoint_prop(doc):
    dv = _arr(_member(_meta(doc), "dependent-vtags", "/meta"), "/meta/dependent-vtags", 1)
    for i, v in enumerate(dv):
        check_vtag(v, f"/meta/dependent-vtags/{i}")
    props = _obj(_member(doc, "endpoint-properties", ""), "/endpoint-properties")
    for addr, p in props.items():
        path = f"/endpoint-properties/{addr}"
        check_typed_addr(addr, path)
        for name, v in _obj(p, path).items():
            check_property_name(name, f"{path}/{name}")
            _str(v, f"{path}/{name}")
    return doc


def check_endpoint_cost(doc):
    meta = _meta(doc)
    types, multi = _cost_types_of(meta)
    for k in ("vtag",):
        if k in meta:
            check_vtag(meta[k], f"/meta/{k}")
    for i, v in enumerate(_arr(meta.get("dependent-vtags", []), "/meta/dependent-vtags")):
        check_vtag(v, f"/meta/dependent-vtags/{i}")
    ecm = _obj(_member(doc, "endpoint-cost-map", ""), "/endpoint-cost-map")
    for src, row in ecm.items():
        check_typed_addr(src, f"/endpoint-cost-map/{src}")
        for dst, v in _obj(row, f"/endpoint-cost-map/{src}").items():
            check_typed_addr(dst, f"/endpoint-cost-map/{src}/{dst}")
            _cell(v, f"/endpoint-cost-map/{src}/{dst}", types, multi)
    return doc


def check_error(doc):
    meta = _meta(doc)
    code = _str(_member(meta, "code", "/meta"), "/meta/code")
    if code not in ERROR_CODES:
        _fail("/meta/code", f"not an RFC 7285 error code: {code!r}")
    if "value" in meta:
        _str(meta["value"], "/meta/value")
        if "field" not in meta:
            _fail("/meta", '"value" without "field" (8.5.2)')
    for k in ("field", "syntax-error"):
        if k in meta:
            _str(meta[k], f"/meta/{k}")
    return doc


# ---- requests ----

def check_req_filtered_network_map(doc):
    _obj(doc, "")
    for i, p in enumerate(_arr(_member(doc, "pids", ""), "/pids")):
        check_pid_name(p, f"/pids/{i}")
    for i, t in enumerate(_arr(doc.get("address-types", []), "/address-types")):
        _str(t, f"/address-types/{i}")
    return doc


def _constraints(doc):
    for i, c in enumerate(_arr(doc.get("constraints", []), "/constraints")):
        parts = _str(c, f"/constraints/{i}").split()
        if len(parts) != 2 or parts[0] not in ("gt", "lt", "ge", "le", "eq"):
            _fail(f"/constraints/{i}", f"not '<op> <value>': {c!r}")
        try:
            float(parts[1])
        except ValueError:
            _fail(f"/constraints/{i}", f"not a number: {parts[1]!r}")


def _req_cost_types(doc):
    """cost-type, or RFC 8189 multi-cost-types; RFC 9275 ane-property-names."""
    if "multi-cost-types" in doc and "cost-type" not in doc:
        for i, t in enumerate(_arr(doc["multi-cost-types"], "/multi-cost-types", 1)):
            check_cost_type(t, f"/multi-cost-types/{i}")
    else:
        check_cost_type(_member(doc, "cost-type", ""), "/cost-type")
    for i, n in enumerate(_arr(doc.get("ane-property-names", []), "/ane-property-names")):
        check_entity_property_name(n, f"/ane-property-names/{i}")


def check_req_filtered_cost_map(doc):
    _obj(doc, "")
    _req_cost_types(doc)
    _constraints(doc)
    if "pids" in doc:
        pids = _obj(doc["pids"], "/pids")
        for k in ("srcs", "dsts"):
            for i, p in enumerate(_arr(_member(pids, k, "/pids"), f"/pids/{k}")):
                check_pid_name(p, f"/pids/{k}/{i}")
    return doc


def check_req_endpoint_prop(doc):
    _obj(doc, "")
    for i, p in enumerate(_arr(_member(doc, "properties", ""), "/properties", 1)):
        check_property_name(p, f"/properties/{i}")
    for i, a in enumerate(_arr(_member(doc, "endpoints", ""), "/endpoints", 1)):
        check_typed_addr(a, f"/endpoints/{i}")
    return doc


def check_req_endpoint_cost(doc):
    _obj(doc, "")
    _req_cost_types(doc)
    _constraints(doc)
    eps = _obj(_member(doc, "endpoints", ""), "/endpoints")
    for k in ("srcs", "dsts"):
        for i, a in enumerate(_arr(eps.get(k, []), f"/endpoints/{k}")):
            check_typed_addr(a, f"/endpoints/{k}/{i}")
    if not eps.get("srcs") and not eps.get("dsts"):
        _fail("/endpoints", "srcs and dsts MUST NOT both be empty (11.5.1.3)")
    return doc


# ---- RFC 9240 entity property maps (sections 5, 7, 8) ----

_EDT = re.compile(r"^(priv:[A-Za-z0-9\-_]+|[A-Za-z0-9\-_]{1,64})$")
_EPT = re.compile(r"^[A-Za-z0-9\-:_]{1,32}$")
_ENTITY_ID = re.compile(r"^(?:([^.]*)\.)?(priv:[A-Za-z0-9\-_]+|[A-Za-z0-9\-_]+):(.+)$")


def check_entity_domain_name(s, path):
    """EntityDomainName ::= [[ResourceID] '.'] EntityDomainType (5.1.2);
    a domain type has at most one ':', only in a "priv:" prefix (5.1.1)."""
    _str(s, path)
    rid, dot, typ = s.rpartition(".") if "." in s else ("", "", s)
    if dot and rid:
        check_resource_id(rid, path)
        if "." in rid:
            _fail(path, f"'.' is not allowed in a ResourceID: {s!r}")
    if len(typ) > 64 or not _EDT.match(typ):
        _fail(path, f"not an EntityDomainType: {typ!r}")
    return typ


def check_entity_id(s, path):
    """EntityID ::= EntityDomainName ':' DomainTypeSpecificEntityID (5.1.3),
    the specific id checked for the registered domain types."""
    m = _ENTITY_ID.match(_str(s, path))
    if not m:
        _fail(path, f"not an EntityID (domain:id): {s!r}")
    rid, typ, local = m.groups()
    check_entity_domain_name((rid + "." if rid is not None else "") + typ, path)
    if typ in ("ipv4", "ipv6"):
        # Any textual form (9240 5.1.3: equivalences, e.g. RFC 5952, are
        # the server's business), but it must be an address or a prefix.
        try:
            net = ipaddress.ip_network(local, strict=False)
        except ValueError:
            _fail(path, f"not an {typ} address or prefix: {local!r}")
        if net.version != (4 if typ == "ipv4" else 6):
            _fail(path, f"not an {typ} address or prefix: {local!r}")
    elif typ in ("pid", "ane"):
        check_pid_name(local, path)      # PIDName; ANEName has its format (9275 6.1)
    return typ, local


def check_entity_property_name(s, path):
    """EntityPropertyName ::= [[ResourceID] '.'] EntityPropertyType (5.2.2)."""
    _str(s, path)
    rid, dot, typ = s.partition(".") if "." in s else ("", "", s)
    if dot and rid:
        check_resource_id(rid, path)
    if not _EPT.match(typ) or typ == "priv:":
        _fail(path, f"not an EntityPropertyType: {typ!r}")


# Values of the ANE properties of RFC 9275 section 6.4.
def _mrb(v, path):
    if _num(v, path) < 0:
        _fail(path, "max-reservable-bandwidth is a non-negative number (9275 6.4.1)")


def _peid(v, path):
    check_entity_id(v, path)


ANE_PROPERTY_VALUES = {"max-reservable-bandwidth": _mrb, "persistent-entity-id": _peid}


def check_property_map(doc, **_):
    """InfoResourceProperties (7.6): meta with optional vtag and
    dependent-vtags, property-map EntityID -> {EntityPropertyName -> value}."""
    meta = _meta(doc)
    if "vtag" in meta:
        check_vtag(meta["vtag"], "/meta/vtag")
    for i, v in enumerate(_arr(meta.get("dependent-vtags", []), "/meta/dependent-vtags")):
        check_vtag(v, f"/meta/dependent-vtags/{i}")
    pm = _obj(_member(doc, "property-map", ""), "/property-map")
    for eid, props in pm.items():
        p = f"/property-map/{eid}"
        typ, _ = check_entity_id(eid, p)
        for name, v in _obj(props, p).items():
            check_entity_property_name(name, f"{p}/{name}")
            if typ == "ane" and name in ANE_PROPERTY_VALUES:
                ANE_PROPERTY_VALUES[name](v, f"{p}/{name}")
    return doc


def check_req_filtered_property_map(doc):
    """ReqFilteredPropertyMap (8.3): entities required, properties optional."""
    _obj(doc, "")
    for i, e in enumerate(_arr(_member(doc, "entities", ""), "/entities")):
        check_entity_id(e, f"/entities/{i}")
    for i, n in enumerate(_arr(doc.get("properties", []), "/properties")):
        check_entity_property_name(n, f"/properties/{i}")
    return doc


def _check_extension_caps(e, p, types, strict_refs):
    """IRD capabilities of RFC 9240 (mappings) and RFC 9275 (path vector)."""
    caps = e.get("capabilities", {})
    if "mappings" in caps:
        for dom, names in _obj(caps["mappings"], p + "/capabilities/mappings").items():
            mp = f"{p}/capabilities/mappings/{dom}"
            check_entity_domain_name(dom, mp)
            for i, n in enumerate(_arr(names, mp, 1)):
                check_entity_property_name(n, f"{mp}/{i}")
    for i, n in enumerate(_arr(caps.get("ane-property-names", []),
                               p + "/capabilities/ane-property-names")):
        check_entity_property_name(n, f"{p}/capabilities/ane-property-names/{i}")
    mt = e["media-type"].replace(" ", "").lower()
    if not mt.startswith("multipart/related"):
        return
    if mt not in ("multipart/related;type=application/alto-costmap+json",
                  "multipart/related;type=application/alto-endpointcost+json"):
        _fail(p + "/media-type", f"not an RFC 9275 multipart media type: {e['media-type']!r}")
    names = caps.get("cost-type-names", [])
    pv = [n for n in names if types.get(n, {}).get("cost-metric") == PV_METRIC
          and types.get(n, {}).get("cost-mode") == PV_MODE]
    if strict_refs and not pv:
        _fail(p + "/capabilities/cost-type-names",
              "a path vector resource MUST list the path vector cost type (9275 7.2.4)")
    if pv and caps.get("cost-constraints") is True:
        _fail(p + "/capabilities/cost-constraints",
              "MUST be false or absent with the path vector type (9275 7.2.4)")
    if set(pv) & set(caps.get("testable-cost-type-names", [])):
        _fail(p + "/capabilities/testable-cost-type-names",
              "MUST NOT include the path vector type (9275 7.2.4)")


# ---- RFC 9275 multipart path vector responses (sections 6.6, 7.2.6, 7.3.6) ----

_DOT_ATOM = re.compile(r"^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+(\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*$")
PV_ROOT_TYPES = {"application/alto-costmap+json": ("cost-map", check_cost_map),
                 "application/alto-endpointcost+json": ("endpoint-cost-map",
                                                        check_endpoint_cost)}


def check_part_content_id(cid, path):
    """Part Content ID: "<" PART-RESOURCE-ID "@" DOMAIN-NAME ">" (6.6);
    returns the part resource id."""
    if not isinstance(cid, str) or not (cid.startswith("<") and cid.endswith(">")):
        _fail(path, f"Content-ID is not <part-resource-id@domain>: {cid!r}")
    part, at, dom = cid[1:-1].rpartition("@")
    if not at:
        _fail(path, f"Content-ID has no '@': {cid!r}")
    check_resource_id(part, path)
    if not _DOT_ATOM.match(dom):
        _fail(path, f"Content-ID domain is not a dot-atom-text: {dom!r}")
    return part


def media_params(content_type):
    """(base type, {param: value}) of a Content-Type, quotes removed.  Done
    by hand: email's parser cuts the unquoted "type=application/x" that RFC
    9275 examples use at the '/', and RFC 9275 7.2.6 allows both forms."""
    items, cur, quoted = [], "", False
    for ch in content_type:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            items.append(cur)
            cur = ""
        else:
            cur += ch
    items.append(cur)
    params = {}
    for it in items[1:]:
        k, eq, v = it.strip().partition("=")
        if not eq:
            _fail("Content-Type", f"parameter without a value: {it!r}")
        v = v.strip()
        if len(v) >= 2 and v[0] == v[-1] == '"':
            v = v[1:-1]
        params[k.strip().lower()] = v
    return items[0].strip().lower(), params


def parse_multipart(content_type, body, strict=True):
    """(message, [(headers dict, payload bytes)]) of a multipart body.
    strict: CRLF delimiters and the close-delimiter RFC 2046 requires (the
    RFC 9275 examples have neither, so they are read with strict=False)."""
    raw = b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw)
    if msg.get_content_maintype() != "multipart" or not msg.get_boundary():
        _fail("Content-Type", f"not multipart with a boundary: {content_type!r}")
    b = msg.get_boundary().encode()
    if strict:
        if msg.defects:
            _fail("", f"malformed multipart body: {msg.defects}")
        if not body.startswith(b"--" + b + b"\r\n"):
            _fail("", "body does not start with a CRLF-terminated delimiter")
        if not body.rstrip(b"\r\n").endswith(b"\r\n--" + b + b"--"):
            _fail("", "no close-delimiter --boundary-- (RFC 2046 5.1.1)")
    parts = []
    for p in msg.iter_parts():
        headers = {k.lower(): str(v) for k, v in p.items()}
        parts.append((headers, p.get_payload(decode=True)))
    # Without a close-delimiter the last "--boundary" opens an empty part.
    if not strict and parts and not parts[-1][0] and not (parts[-1][1] or b"").strip():
        parts.pop()
    return msg, parts


def check_pv_response(content_type, body, resource_id=None, root_type=None, strict=True):
    """A whole RFC 9275 path vector response; returns (pv_doc, propmap_doc,
    info) with info = {"ids": [part ids in order], "start": ..., "domain": ...}."""
    msg, parts = parse_multipart(content_type, body, strict)
    base, params = media_params(content_type)
    if base != "multipart/related":
        _fail("Content-Type", f"not multipart/related: {content_type!r}")
    typ = params.get("type")
    if typ not in PV_ROOT_TYPES or (root_type and typ != root_type):
        _fail("Content-Type", f"type parameter {typ!r} (MUST be the resource's, 7.2.6)")
    if len(parts) != 2:
        _fail("", f"exactly two parts required, got {len(parts)}")
    ids, docs = [], {}
    for i, (h, payload) in enumerate(parts):
        p = f"/part{i + 1}"
        if "content-id" not in h or "content-type" not in h:
            _fail(p, "each part MUST have Content-ID and Content-Type")
        ids.append(check_part_content_id(h["content-id"], p + "/Content-ID"))
        ptype = h["content-type"].split(";")[0].strip().lower()
        try:
            docs[ptype] = (i, h["content-id"], json.loads(payload))
        except ValueError as e:
            _fail(p, f"part body is not JSON: {e}")
    if set(docs) != {typ, MT_PROPMAP}:
        _fail("", f"parts must be {typ} and {MT_PROPMAP}, got {sorted(docs)}")
    start = params.get("start")
    pv_index, pv_cid, pv = docs[typ]
    if start is not None and start != pv_cid:
        _fail("Content-Type", f"start {start!r} is not the path vector part's {pv_cid!r}")
    _, _, pm = docs[MT_PROPMAP]
    member, checker = PV_ROOT_TYPES[typ]
    checker(pv)
    vt = _member(pv["meta"], "vtag", "/pv/meta")
    check_vtag(vt, "/pv/meta/vtag")
    part_id = ids[pv_index]
    want_rid = f"{resource_id}.{part_id}" if resource_id else None
    if (want_rid and vt["resource-id"] != want_rid) or \
            not vt["resource-id"].endswith("." + part_id):
        _fail("/pv/meta/vtag/resource-id",
              f"{vt['resource-id']!r} is not resource-id '.' {part_id!r} (7.2.6)")
    check_property_map(pm)
    deps = _arr(_member(pm["meta"], "dependent-vtags", "/propmap/meta"),
                "/propmap/meta/dependent-vtags", 1)
    if vt not in deps:
        _fail("/propmap/meta/dependent-vtags", "MUST include the path vector part's vtag")
    types, multi = _cost_types_of(pv["meta"])
    pv_at = [i for i, t in enumerate(types)
             if t["cost-metric"] == PV_METRIC and t["cost-mode"] == PV_MODE]
    anes = set()
    for row in pv[member].values():
        for v in row.values():
            vec = (v[pv_at[0]] if multi else v) if pv_at else []
            anes.update(vec or [])
    keys = set(pm["property-map"])
    if not pv_at and keys:
        _fail("/propmap/property-map", "MUST be {} when the path vector type is not requested")
    if pv_at and keys != {".ane:" + a for a in anes}:
        _fail("/propmap/property-map",
              f"one '.ane:' entry per ANE of the path vector part: got {sorted(keys)}, "
              f"ANEs {sorted(anes)}")
    info = {"ids": ids, "start": start, "boundary": msg.get_boundary(),
            "domain": parts[0][0]["content-id"][1:-1].rpartition("@")[2],
            "root_index": pv_index}
    return pv, pm, info


BY_MEDIA_TYPE = {
    "application/alto-directory+json": check_ird,
    "application/alto-networkmap+json": check_network_map,
    "application/alto-costmap+json": check_cost_map,
    "application/alto-endpointprop+json": check_endpoint_prop,
    "application/alto-endpointcost+json": check_endpoint_cost,
    "application/alto-error+json": check_error,
    "application/alto-networkmapfilter+json": check_req_filtered_network_map,
    "application/alto-costmapfilter+json": check_req_filtered_cost_map,
    "application/alto-endpointpropparams+json": check_req_endpoint_prop,
    "application/alto-endpointcostparams+json": check_req_endpoint_cost,
    MT_PROPMAP: check_property_map,
    "application/alto-propmapparams+json": check_req_filtered_property_map,
}


def check(media_type, doc, **kw):
    """Validates doc as the message of media_type (parameters ignored)."""
    mt = media_type.split(";")[0].strip().lower()
    if mt not in BY_MEDIA_TYPE:
        _fail("", f"not an RFC 7285 media type: {media_type!r}")
    return BY_MEDIA_TYPE[mt](doc, **kw)

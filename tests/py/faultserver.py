#!/usr/bin/python3
"""faultserver.py: a small, correct RFC 7285 ALTO server that can switch on
one fault at a time.  Used only by the tests of `altospec conform`.

The clean service (no fault): a root IRD with a delegated IRD, a network
map with IPv4 and IPv6 PIDs, three GET cost maps, filtered network and
cost maps (with constraints), endpoint property and endpoint cost
services, and RFC 7285 error handling (four codes, HTTP 400,
application/alto-error+json).

With --pv (or any pv-* fault) it also offers the RFC 9275 path vector
service of faultserver_pv.py; without it the IRD is RFC 7285 only, and
every rfc9275 case must be UNSUPPORTED.

FAULTS maps each fault to what it breaks and the case ids that must FAIL
when it is on (PV_FAULTS the same for the path vector service).  The
verdict rules are proven with three more tables: WARN_FAULTS (a SHOULD
broken or a leniency: WARN, FAIL only under --strict), SKIP_FAULTS (the
server's own data leaves nothing to judge: SKIP naming what is missing)
and ERROR_FAULTS (the case's control request fails: ERROR "cannot
judge", never FAIL); LEGAL lists behaviours the RFC allows that must pass
everything.  HOSTILE lists transport-level misbehaviour whose cases must
become ERROR.  Run:  faultserver.py [--port 0] [--fault NAME]; the first
line on stdout is the port.
"""
import argparse
import hashlib
import json
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler

from faulthttp import serve

import faultserver_pv
from faultserver_pv import PV_FAULTS, PV_HOSTILE

M = "application/alto-"
MT = {k: M + v for k, v in dict(
    ird="directory+json", nm="networkmap+json", cm="costmap+json", nmf="networkmapfilter+json",
    cmf="costmapfilter+json", ep="endpointprop+json", epp="endpointpropparams+json",
    ec="endpointcost+json", ecp="endpointcostparams+json", err="error+json").items()}

# fault -> (what real servers get wrong, case ids that must FAIL)
FAULTS = {
    "ird-media-type": ("IRD served as application/json", ["rfc7285/9.2.1/media-type"]),
    "ird-no-default-netmap": ("root IRD meta lacks default-alto-network-map", ["rfc7285/9.2.2/default-network-map"]),
    "ird-default-not-netmap": ("default-alto-network-map names a cost map", ["rfc7285/9.2.2/default-network-map"]),
    "ird-entry-no-uri": ("a resource entry without uri", ["rfc7285/9.2.2/resource-entries"]),
    "ird-bad-resource-id": ("resource id with the reserved '.'", ["rfc7285/10.2/resource-ids"]),
    "ird-undefined-cost-type": ("cost-type-names names a type missing from meta.cost-types",
                                ["rfc7285/11.2.3.4/cost-type-names-defined"]),
    "ird-two-types-on-get": ("a GET cost map with two cost-type-names", ["rfc7285/11.2.3.4/single-cost-type"]),
    "ird-bad-cost-mode": ("meta.cost-types with cost-mode \"numeric\"", ["rfc7285/10.7/cost-types"]),
    "ird-uses-undefined": ("uses names an undefined resource", ["rfc7285/9.2.2/uses-defined"]),
    "ird-ecs-uses": ("endpoint cost service with uses", ["rfc7285/11.5.1.5/no-uses"]),
    "ird-duplicate-cost-map": ("two GET cost maps for one (cost type, network map)", ["rfc7285/11.2.3.5/unique-key"]),
    "ird-constraints-string": ("cost-constraints given as the string \"true\"", ["rfc7285/11.3.2.4/capabilities"]),
    "ird-no-pid-property": ("no <network map>.pid endpoint property", ["rfc7285/11.4.1.4/pid-property"]),
    "ird-delegated-media": ("delegated IRD served as application/json", ["rfc7285/9.2.2/delegated-ird"]),
    "ird-duplicate-id": ("delegated IRD redefines a root resource id", ["rfc7285/9.1.1/unique-resource-ids"]),
    "ird-no-routingcost": ("no GET cost map for routingcost", ["rfc7285/11.2.3/routingcost"]),
    "ird-ftp-uri": ("a resource uri that is not http(s)", ["rfc7285/9.2.2/relative-uris"]),
    "get-resource-404": ("a GET resource listed in the IRD answers 404", ["rfc7285/9.2.2/get-resources"]),
    "netmap-media-type": ("network map served as application/json", ["rfc7285/11.2.1.1/media-type"]),
    "netmap-no-content-type": ("network map without Content-Type", ["rfc7285/8.3.3/content-type"]),
    "netmap-no-vtag": ("network map meta without vtag", ["rfc7285/11.2.1.6/vtag"]),
    "netmap-vtag-rid": ("vtag resource-id is not the IRD's id", ["rfc7285/11.2.1.6/vtag-resource-id"]),
    "netmap-bad-tag": ("vtag tag with a space", ["rfc7285/10.3/vtag-tag"]),
    "netmap-bad-pid-name": ("PID name with the reserved '.'", ["rfc7285/10.1/pid-names"]),
    "netmap-invalid-prefix": ("prefix 10.0.3.0/33", ["rfc7285/10.4.4/prefixes"]),
    "netmap-incomplete": ("no 0.0.0.0/0: IPv4 map incomplete", ["rfc7285/11.2.2/completeness"]),
    "netmap-overlap": ("one prefix in two PIDs", ["rfc7285/11.2.2/non-overlapping"]),
    "netmap-unregistered-type": ("address type \"mac\"", ["rfc7285/10.4.2/registered-address-types"]),
    "netmap-wrong-types": ("network-map members of the wrong JSON types", ["rfc7285/10.4.4/prefixes"]),
    "costmap-vtag-mismatch": ("dependent-vtags names a stale network map tag", ["rfc7285/11.2.3.6/dependent-vtags"]),
    "costmap-no-cost-type": ("cost map meta without cost-type", ["rfc7285/11.2.3.6/cost-type"]),
    "costmap-wrong-cost-type": ("cost map meta.cost-type differs from the IRD", ["rfc7285/11.2.3.6/cost-type"]),
    "costmap-undefined-pid": ("cost map row for an undefined PID", ["rfc7285/11.2.3.6/pids-defined"]),
    "costmap-string-values": ("cost values as strings", ["rfc7285/11.2.3.6/numbers"]),
    "costmap-malformed-json": ("cost map body is truncated JSON", ["rfc7285/8.4/json-encoding"]),
    "ordinal-fractional": ("fractional ordinal costs", ["rfc7285/6.1.2.2/ordinal-integers"]),
    "fnm-ignores-pids": ("filtered network map ignores pids", ["rfc7285/11.3.1.6/only-requested-pids"]),
    "fnm-empty-means-none": ("pids [] returns no PID", ["rfc7285/11.3.1.3/empty-pids"]),
    "fnm-unknown-pid-error": ("undefined PID rejected with an error", ["rfc7285/11.3.1.6/unknown-pids"]),
    "fnm-ignores-address-types": ("address-types ignored", ["rfc7285/11.3.1.6/address-types"]),
    "fnm-vtag-differs": ("filtered map has its own vtag", ["rfc7285/11.3.1.6/vtag"]),
    "fnm-duplicates": ("duplicated PIDs rejected", ["rfc7285/11.3.1.3/duplicate-pids"]),
    "fcm-ignores-constraints": ("constraints ignored", ["rfc7285/11.3.2.3/constraint-gt", "rfc7285/11.3.2.3/constraint-le"]),
    "fcm-gt-as-ge": ("\"gt\" evaluated as \"ge\"", ["rfc7285/11.3.2.3/constraint-gt"]),
    "fcm-constraints-or": ("several constraints combined with OR", ["rfc7285/11.3.2.3/constraints-and"]),
    "fcm-ignores-pids": ("filtered cost map ignores pids", ["rfc7285/11.3.2.6/only-requested-pairs"]),
    "fcm-empty-means-none": ("srcs [] / dsts [] return nothing", ["rfc7285/11.3.2.3/empty-pids"]),
    "fcm-two-dvtags": ("filtered cost map with two dependent vtags", ["rfc7285/11.3.2.6/dependent-vtags"]),
    "fcm-echo-wrong-type": ("meta.cost-type always the first cost type", ["rfc7285/11.3.2.3/cost-types"]),
    "fcm-description-rejected": ("a description in cost-type is rejected", ["rfc7285/11.3.2.3/description-ignored"]),
    "fcm-disagrees": ("filtered costs differ from the full map", ["rfc7285/11.3.2.6/agrees-with-full-map"]),
    "eprop-not-lpm": ("pid property by first match, not longest prefix", ["rfc7285/11.2.2/pid-lpm"]),
    "eprop-no-dvtags": ("endpoint property meta without dependent-vtags", ["rfc7285/11.4.1.6/dependent-vtags"]),
    "eprop-bare-addresses": ("endpoint property keys without address type", ["rfc7285/11.4.1.6/endpoints"]),
    "ecs-bare-addresses": ("endpoint cost keys without address type", ["rfc7285/11.5.1.6/typed-addresses"]),
    "ecs-ignores-mode": ("ordinal requested, numerical returned", ["rfc7285/11.5.1.3/cost-mode"]),
    "ecs-no-cost-type": ("endpoint cost meta without cost-type", ["rfc7285/11.5.1.6/cost-type"]),
    "ecs-extra-endpoint": ("endpoint cost adds an unrequested destination", ["rfc7285/11.5.1.6/only-requested"]),
    "ecs-ignores-constraints": ("endpoint cost ignores constraints", ["rfc7285/11.5.1.3/constraints"]),
    "err-swapped-codes": ("E_INVALID_FIELD_TYPE for a missing field", ["rfc7285/8.5.2/e-missing-field"]),
    "err-type-for-value": ("E_INVALID_FIELD_TYPE for a bad array element", ["rfc7285/8.5.2/e-invalid-field-value"]),
    "err-status-200": ("errors sent with HTTP 200 (ALTO error bodies)", ["rfc7285/8.5/error-status"]),
    "err-status-500": ("errors sent with HTTP 500", ["rfc7285/8.5/error-status"]),
    "err-media-json": ("errors as application/json", ["rfc7285/8.5.1/error-media-type"]),
    "err-value-no-field": ("error meta with value but no field", ["rfc7285/8.5.2/error-meta"]),
    "unknown-member-rejected": ("unknown request members rejected", ["rfc7285/8.3.7/unknown-fields-ignored"]),
    "ordinal-per-source": ("ordinal costs ranked per source row, not across the map",
                           ["rfc7285/6.1.2.2/ordinal-full-map", "rfc7285/6.1.2.2/ordinal-filtered-map",
                            "rfc7285/6.1.2.2/ordinal-ecs"]),
    "ipv6-endpoint-500": ("endpoint services answer 500 to any IPv6 endpoint",
                          ["rfc7285/11.4.1.6/endpoints", "rfc7285/11.5.1.6/only-requested"]),
    "ecs-last-row-only": ("several sources: only the last source's row", ["rfc7285/11.5.1.6/row-per-source"]),
    "ecs-ordinal-500": ("ordinal endpoint cost answered 500", ["rfc7285/11.5.1.3/cost-mode"]),
    "ecs-no-ctn": ("endpoint cost entry without cost-type-names", ["rfc7285/11.3.2.4/capabilities"]),
    "ecs-empty-list-error": ("srcs [] / dsts [] rejected", ["rfc7285/11.5.1.3/empty-list-client"]),
    "ecs-description-rejected": ("a description in an endpoint cost request's cost-type is rejected",
                                 ["rfc7285/11.5.1.3/description-ignored"]),
    "fnm-dup-address-types": ("an address type listed twice lists its prefixes twice",
                              ["rfc7285/11.3.1.3/duplicate-address-types"]),
    "eprop-bad-prop-name": ("prop-types offers \"priv:\" alone", ["rfc7285/10.8.2/property-names"]),
    "eprop-long-prop-name": ("prop-types offers a 35-character name", ["rfc7285/10.8.2/property-names"]),
    "get-post-one-entry": ("the filtered network map URI also answers GET, with one IRD entry",
                           ["rfc7285/9.2.2/get-post-entries"]),
}

# fault -> (what, cases that must WARN, cases that must FAIL (MUSTs also broken)).
WARN_FAULTS = {
    "err-syntax-html": ("malformed JSON answered with an HTML 400 page (no ALTO error resource)",
                        ["rfc7285/8.5.2/e-syntax"], []),
    "err-500-no-body": ("every error is a bare HTTP 500 without an ALTO error resource",
                        ["rfc7285/8.5.2/e-syntax", "rfc7285/8.5.2/e-missing-field",
                         "rfc7285/8.5.2/e-invalid-field-type", "rfc7285/8.5.2/e-invalid-field-value"],
                        ["rfc7285/8.5/error-status"]),
    "fnm-accepts-non-string-pid": ("{\"pids\": [1]} accepted with 200 (leniency)",
                                   ["rfc7285/8.5.2/e-invalid-field-value"], []),
    "err-field-wrong-member": ("a bad cost-mode reported as field cost-type/cost-metric",
                               ["rfc7285/8.5.2/field-value"], []),
}

# fault -> (what, {case: words its SKIP reason must contain}).
SKIP_FAULTS = {
    "ecs-empty": ("every endpoint-cost-map is {}",
                  {"rfc7285/11.5.1.6/typed-addresses": "empty endpoint-cost-map",
                   "rfc7285/11.5.1.6/only-requested": "empty endpoint-cost-map",
                   "rfc7285/11.5.1.3/duplicates": "empty",
                   "rfc7285/6.1.2.2/ordinal-ecs": "no pair in common"}),
    "ecs-undefined-cost-types": ("endpoint cost names only cost types its IRD does not define",
                                 {"rfc7285/11.5.1.6/only-requested": "no usable cost type",
                                  "rfc7285/11.5.1.3/cost-mode": "no usable cost type"}),
}

# fault -> (what, cases that must be ERROR "cannot judge", cases that must FAIL).
ERROR_FAULTS = {
    "ecs-500": ("the endpoint cost service answers 500 to everything",
                ["rfc7285/8.3.7/unknown-fields-ignored", "rfc7285/11.5.1.3/duplicates",
                 "rfc7285/11.5.1.3/description-ignored", "rfc7285/11.5.1.6/row-per-source"],
                ["rfc7285/11.5.1.1/media-type"]),
    "num-costmap-500": ("the numerical routingcost map answers 500 (the ordinal map's twin)",
                        ["rfc7285/6.1.2.2/ordinal-full-map"], ["rfc7285/11.2.3.6/numbers"]),
    "ecs-no-map": ("endpoint cost answers without an endpoint-cost-map",
                   ["rfc7285/11.5.1.3/duplicates", "rfc7285/11.5.1.3/description-ignored"],
                   ["rfc7285/11.5.1.6/typed-addresses"]),
}

# Behaviour the RFC allows: every case must still pass.
LEGAL = {
    "ordinal-ties-apart": "equal costs get different ranks (ties broken by source, destination)",
    "ordinal-sparse": "competition ranks (1, 1, 3): ranks need not be contiguous",
}

# Transport-level misbehaviour on the network map: its cases must be ERROR.
HOSTILE = ["reset", "slow-drip", "garbage", "redirect-loop", "huge-body", "deep-nesting",
           "die-after", "hang-after"]

# Legal but awkward delegation shapes: the probe must terminate, bounded.
# "chaos-N": every JSON response with values swapped for other JSON types at
# pseudo-random paths (seed N): the engine must judge, never crash.
ODD = ["delegation-loop", "delegation-chain"]


def chaos(doc, seed, path=""):
    """Deterministically replaces about a quarter of the values (not the
    root) by a value of another JSON type."""
    others = [None, 7, -2.5, "x", [], {}, True, [1, "a"], {"k": None}]
    def pick(p):
        h = int(hashlib.sha1(f"{seed}:{p}".encode()).hexdigest()[:8], 16)
        return h % 4 == 0, others[h % len(others)]
    if isinstance(doc, dict):
        out = {}
        for k, v in doc.items():
            hit, repl = pick(path + "/" + k)
            out[k] = repl if hit else chaos(v, seed, path + "/" + k)
        return out
    if isinstance(doc, list):
        out = []
        for i, v in enumerate(doc):
            hit, repl = pick(f"{path}[{i}]")
            out.append(repl if hit else chaos(v, seed, f"{path}[{i}]"))
        return out
    return doc

# ---- the clean data ------------------------------------------------------

NETMAP = {
    "pid1": {"ipv4": ["10.0.1.0/24", "10.0.2.0/24"], "ipv6": ["2001:db8:1::/48"]},
    "pid2": {"ipv4": ["10.0.3.0/24"], "ipv6": ["2001:db8:2::/48"]},
    "pid3": {"ipv4": ["192.0.2.0/24", "10.0.0.0/8"]},
    "default": {"ipv4": ["0.0.0.0/0"], "ipv6": ["::/0"]},
}
PIDS = list(NETMAP)
ROUTING = {  # numerical routingcost; all pairs defined
    "pid1": {"pid1": 1, "pid2": 5, "pid3": 10, "default": 20},
    "pid2": {"pid1": 5, "pid2": 1, "pid3": 15, "default": 20},
    "pid3": {"pid1": 10, "pid2": 15, "pid3": 1, "default": 25.5},
    "default": {"pid1": 20, "pid2": 20, "pid3": 25.5, "default": 30},
}
HOPS = {s: {d: (0 if s == d else 1 + (PIDS.index(s) + PIDS.index(d)) % 3) for d in PIDS} for s in PIDS}


def ranks(items, style="dense"):
    """{key: value} -> {key: rank}, lower value first.  dense: 1, 1, 2 (the
    reference); sparse: 1, 1, 3; apart: ties broken by key, 1, 2, 3."""
    order = sorted(items, key=lambda k: (items[k], k))
    out, prev = {}, None
    for i, k in enumerate(order):
        if style == "apart":
            out[k] = i + 1
        elif prev is not None and items[k] == items[prev]:
            out[k] = out[prev]
        else:
            out[k] = (max(out.values()) + 1 if out else 1) if style == "dense" else i + 1
        prev = k
    return out


def ordinal(m, style="dense", per_source=False):
    """Ranks a cost map across the whole map (RFC 7285 6.1.2.2), or, for the
    per-source fault, each row on its own."""
    if per_source:
        return {s: ranks(row, style) for s, row in m.items()}
    r = ranks({(s, d): v for s, row in m.items() for d, v in row.items()}, style)
    return {s: {d: r[(s, d)] for d in row} for s, row in m.items()}


class HttpFail(Exception):
    """A bare HTTP error status, without an ALTO error resource."""
    def __init__(self, status):
        super().__init__(status)
        self.status = status


COSTS = {("routingcost", "numerical"): ROUTING, ("routingcost", "ordinal"): ordinal(ROUTING),
         ("hopcount", "numerical"): HOPS}
COST_TYPES = {
    "num-routingcost": {"cost-metric": "routingcost", "cost-mode": "numerical", "description": "routing"},
    "ord-routingcost": {"cost-metric": "routingcost", "cost-mode": "ordinal"},
    "num-hopcount": {"cost-metric": "hopcount", "cost-mode": "numerical"},
}


def tag_of(obj):
    return hashlib.sha1(json.dumps(obj, sort_keys=True).encode()).hexdigest()


class AltoError(Exception):
    def __init__(self, code, field=None, value=None):
        super().__init__(code)
        self.code, self.field, self.value = code, field, value


def parse_ip(s):
    """'ipv4:1.2.3.4' -> (4, int) ; raises AltoError on bad input."""
    if not isinstance(s, str) or ":" not in s:
        raise AltoError("E_INVALID_FIELD_VALUE", "endpoints", str(s))
    t, a = s.split(":", 1)
    try:
        if t == "ipv4":
            return 4, struct.unpack("!I", socket.inet_pton(socket.AF_INET, a))[0]
        if t == "ipv6":
            hi, lo = struct.unpack("!QQ", socket.inet_pton(socket.AF_INET6, a))
            return 6, (hi << 64) | lo
    except OSError:
        pass
    raise AltoError("E_INVALID_FIELD_VALUE", "endpoints", s)


def prefix_contains(fam, pfx, addr):
    a, ln = pfx.split("/")
    _, base = parse_ip(("ipv4:" if fam == 4 else "ipv6:") + a)
    bits = 32 if fam == 4 else 128
    ln = int(ln)
    mask = ((1 << bits) - 1) ^ ((1 << (bits - ln)) - 1)
    return (addr & mask) == (base & mask), ln


class Service:
    """The ALTO service with one fault switched on (or none)."""

    def __init__(self, fault, after=0, pv=False):
        self.fault = fault
        self.pv = pv or fault in PV_FAULTS or fault in PV_HOSTILE
        self.after = after
        self.requests = 0
        self.peers = set()
        self.lock = threading.Lock()
        nm = json.loads(json.dumps(NETMAP))
        f = fault
        if f == "netmap-bad-pid-name":
            nm["pid.3"] = nm.pop("pid3")
        elif f == "netmap-invalid-prefix":
            nm["pid2"]["ipv4"] = ["10.0.3.0/33"]
        elif f == "netmap-incomplete":
            nm["default"]["ipv4"] = ["172.16.0.0/12"]
        elif f == "netmap-overlap":
            nm["pid2"]["ipv4"].append("10.0.1.0/24")
        elif f == "netmap-unregistered-type":
            nm["pid3"]["mac"] = ["00:11:22:33:44:55"]
        self.netmap = nm
        self.tag = tag_of(nm)

    # -- documents --

    def vtag(self):
        return {"resource-id": "networkmap", "tag": self.tag}

    def ird(self):
        f = self.fault
        cts = json.loads(json.dumps(COST_TYPES))
        res = {
            "networkmap": {"uri": "/networkmap", "media-type": MT["nm"]},
            "costmap-num-routingcost": {"uri": "costmap/num-routingcost", "media-type": MT["cm"],
                                        "capabilities": {"cost-type-names": ["num-routingcost"]},
                                        "uses": ["networkmap"]},
            "costmap-ord-routingcost": {"uri": "/costmap/ord-routingcost", "media-type": MT["cm"],
                                        "capabilities": {"cost-type-names": ["ord-routingcost"]},
                                        "uses": ["networkmap"]},
            "filtered-networkmap": {"uri": "/networkmap/filtered", "media-type": MT["nm"],
                                    "accepts": MT["nmf"], "uses": ["networkmap"]},
            "filtered-costmap": {"uri": "/costmap/filtered", "media-type": MT["cm"], "accepts": MT["cmf"],
                                 "capabilities": {"cost-type-names": list(COST_TYPES), "cost-constraints": True},
                                 "uses": ["networkmap"]},
            "endpoint-property": {"uri": "/endpointprop/lookup", "media-type": MT["ep"], "accepts": MT["epp"],
                                  "capabilities": {"prop-types": ["networkmap.pid", "priv:altospec-x"]}},
            "endpoint-cost": {"uri": "/endpointcost/lookup", "media-type": MT["ec"], "accepts": MT["ecp"],
                              "capabilities": {"cost-type-names": list(COST_TYPES), "cost-constraints": True}},
            "more-maps": {"uri": "more/directory", "media-type": MT["ird"]},
        }
        meta = {"cost-types": cts, "default-alto-network-map": "networkmap"}
        if f == "ird-no-default-netmap":
            del meta["default-alto-network-map"]
        elif f == "ird-default-not-netmap":
            meta["default-alto-network-map"] = "costmap-num-routingcost"
        elif f == "ird-entry-no-uri":
            res["broken-entry"] = {"media-type": MT["cm"]}
        elif f == "ird-bad-resource-id":
            res["cost.map.ord"] = res.pop("costmap-ord-routingcost")
        elif f == "ird-undefined-cost-type":
            res["costmap-ord-routingcost"]["capabilities"]["cost-type-names"] = ["ord-routing-cost"]
        elif f == "ird-two-types-on-get":
            res["costmap-num-routingcost"]["capabilities"]["cost-type-names"] = ["num-routingcost", "num-hopcount"]
        elif f == "ird-bad-cost-mode":
            cts["num-hopcount"]["cost-mode"] = "numeric"
        elif f == "ird-uses-undefined":
            res["costmap-ord-routingcost"]["uses"] = ["no-such-map"]
        elif f == "ird-ecs-uses":
            res["endpoint-cost"]["uses"] = ["networkmap"]
        elif f == "ird-duplicate-cost-map":
            res["costmap-num-routingcost-2"] = json.loads(json.dumps(res["costmap-num-routingcost"]))
        elif f == "ird-constraints-string":
            res["filtered-costmap"]["capabilities"]["cost-constraints"] = "true"
        elif f == "ird-no-pid-property":
            res["endpoint-property"]["capabilities"]["prop-types"] = ["priv:altospec-x"]
        elif f == "ird-ftp-uri":
            res["property-map"] = {"uri": "ftp://127.0.0.1/propmap", "media-type": "application/alto-propmap+json"}
        elif f == "ird-no-routingcost":
            del res["costmap-num-routingcost"], res["costmap-ord-routingcost"]
        elif f == "ecs-no-ctn":
            del res["endpoint-cost"]["capabilities"]["cost-type-names"]
        elif f == "ecs-undefined-cost-types":
            res["endpoint-cost"]["capabilities"]["cost-type-names"] = ["no-such-type"]
        elif f == "eprop-bad-prop-name":
            res["endpoint-property"]["capabilities"]["prop-types"].append("priv:")
        elif f == "eprop-long-prop-name":
            res["endpoint-property"]["capabilities"]["prop-types"].append("priv:altospec-" + "x" * 21)
        if self.pv:
            res.update(faultserver_pv.pv_resources(f))
            cts.update(faultserver_pv.pv_cost_types())
        return {"meta": meta, "resources": res}

    def delegated_ird(self, depth=0):
        if self.fault == "delegation-chain":     # /more/directory -> /more/1/directory -> ...
            nxt = {"uri": f"/more/{depth + 1}/directory", "media-type": MT["ird"]}
            return {"meta": {}, "resources": {f"deeper-{depth + 1}": nxt}}
        res = {"costmap-num-hopcount": {"uri": "/costmap/num-hopcount", "media-type": MT["cm"],
                                        "capabilities": {"cost-type-names": ["num-hop"]},
                                        "uses": ["networkmap"]}}
        if self.fault == "ird-duplicate-id":
            res["networkmap"] = {"uri": "/networkmap", "media-type": MT["nm"]}
        if self.fault == "delegation-loop":      # back to the root and to itself
            res["back-to-root"] = {"uri": "../directory", "media-type": MT["ird"]}
            res["myself"] = {"uri": "directory", "media-type": MT["ird"]}
        return {"meta": {"cost-types": {"num-hop": COST_TYPES["num-hopcount"]}}, "resources": res}

    def netmap_doc(self, pids=None, types=None, twice=False):
        f = self.fault
        nm = {p: {t: list(v) * (2 if twice else 1) for t, v in g.items() if types is None or t in types}
              for p, g in self.netmap.items() if pids is None or p in pids}
        meta = {"vtag": self.vtag()}
        if f == "netmap-no-vtag":
            meta = {}
        elif f == "netmap-vtag-rid":
            meta["vtag"]["resource-id"] = "other-map"
        elif f == "netmap-bad-tag":
            meta["vtag"]["tag"] = "version 1"
        if f == "netmap-wrong-types":
            nm = {"pid1": {"ipv4": "10.0.1.0/24"}, "pid2": [], "pid3": {"ipv4": [7]}}
        return {"meta": meta, "network-map": nm}

    def costs(self, metric, mode):
        m = COSTS.get((metric, mode))
        if m is None:
            return None
        f = self.fault
        if mode == "ordinal" and f in ("ordinal-per-source", "ordinal-ties-apart", "ordinal-sparse"):
            style = {"ordinal-ties-apart": "apart", "ordinal-sparse": "sparse"}.get(f, "dense")
            m = ordinal(COSTS[(metric, "numerical")], style, f == "ordinal-per-source")
        if self.fault == "netmap-bad-pid-name":
            m = {("pid.3" if s == "pid3" else s): {("pid.3" if d == "pid3" else d): v for d, v in r.items()}
                 for s, r in m.items()}
        return m

    def costmap_doc(self, ct_name, cm, dvtags=None):
        f = self.fault
        ct = {k: v for k, v in COST_TYPES[ct_name].items() if k != "description"} if ct_name in COST_TYPES \
            else {"cost-metric": "hopcount", "cost-mode": "numerical"}
        meta = {"dependent-vtags": dvtags or [self.vtag()], "cost-type": ct}
        cm = json.loads(json.dumps(cm))
        if f == "costmap-vtag-mismatch":
            meta["dependent-vtags"] = [{"resource-id": "networkmap", "tag": "stale-tag"}]
        elif f == "costmap-no-cost-type":
            del meta["cost-type"]
        elif f == "costmap-wrong-cost-type" and ct_name == "num-routingcost":
            meta["cost-type"] = {"cost-metric": "hopcount", "cost-mode": "numerical"}
        elif f == "costmap-undefined-pid":
            cm["pid9"] = {"pid1": 3}
        elif f == "costmap-string-values":
            cm = {s: {d: str(v) for d, v in r.items()} for s, r in cm.items()}
        elif f == "ordinal-fractional" and ct["cost-mode"] == "ordinal":
            cm = {s: {d: v + 0.5 for d, v in r.items()} for s, r in cm.items()}
        return {"meta": meta, "cost-map": cm}

    def lookup_pid(self, addr):
        fam, a = parse_ip(addr)
        best, best_len = None, -1
        items = list(self.netmap.items())
        if self.fault == "eprop-not-lpm":
            items.reverse()     # "first match" in file order from the end: 0.0.0.0/0 wins
        for pid, g in items:
            for p in g.get("ipv4" if fam == 4 else "ipv6", []):
                try:
                    hit, ln = prefix_contains(fam, p, a)
                except (ValueError, AltoError):
                    continue
                if hit and ln > best_len:
                    best, best_len = pid, ln
                    if self.fault == "eprop-not-lpm":
                        return best
        return best

    # -- request checking (RFC 7285 8.5.2 codes) --

    def check_members(self, req, allowed):
        if self.fault == "unknown-member-rejected":
            for k in req:
                if k not in allowed:
                    raise AltoError("E_INVALID_FIELD_VALUE", k, k)

    def need(self, obj, key, typ, field=None):
        if key not in obj:
            raise AltoError("E_INVALID_FIELD_TYPE" if self.fault == "err-swapped-codes" else "E_MISSING_FIELD",
                            field or key)
        v = obj[key]
        if not isinstance(v, typ) or (typ is int and isinstance(v, bool)):
            raise AltoError("E_INVALID_FIELD_TYPE", field or key)
        return v

    def strings(self, arr, field):
        for x in arr:
            if not isinstance(x, str):
                code = "E_INVALID_FIELD_TYPE" if self.fault == "err-type-for-value" else "E_INVALID_FIELD_VALUE"
                raise AltoError(code, field, json.dumps(x))
        return arr

    def cost_type(self, req, names, service="fcm"):
        ct = self.need(req, "cost-type", dict)
        metric = self.need(ct, "cost-metric", str, "cost-type/cost-metric")
        mode = self.need(ct, "cost-mode", str, "cost-type/cost-mode")
        if self.fault in ("fcm-description-rejected", "ecs-description-rejected") and "description" in ct \
                and self.fault.startswith(service):
            raise AltoError("E_INVALID_FIELD_VALUE", "cost-type/description", ct["description"])
        for n in names:
            t = COST_TYPES[n]
            if t["cost-metric"] == metric and t["cost-mode"] == mode:
                return n, metric, mode
        field = "cost-type/cost-metric" if self.fault == "err-field-wrong-member" else "cost-type/cost-mode"
        raise AltoError("E_INVALID_FIELD_VALUE", field, mode)

    def constraints(self, req):
        cs = self.need(req, "constraints", list) if "constraints" in req else []
        out = []
        for c in self.strings(cs, "constraints"):
            parts = c.split()
            if len(parts) != 2 or parts[0] not in ("gt", "lt", "ge", "le", "eq"):
                raise AltoError("E_INVALID_FIELD_VALUE", "constraints", c)
            try:
                out.append((parts[0], float(parts[1])))
            except ValueError:
                raise AltoError("E_INVALID_FIELD_VALUE", "constraints", c)
        return out

    def meets(self, v, cons, which):
        ops = {"gt": lambda a, b: a > b, "lt": lambda a, b: a < b, "ge": lambda a, b: a >= b,
               "le": lambda a, b: a <= b, "eq": lambda a, b: a == b}
        if self.fault == which or not cons:
            return True
        if self.fault == "fcm-gt-as-ge":
            ops["gt"] = ops["ge"]
        res = [ops[op](v, t) for op, t in cons]
        return any(res) if self.fault == "fcm-constraints-or" else all(res)

    # -- POST services --

    def filtered_netmap(self, req):
        self.check_members(req, {"pids", "address-types"})
        pids = self.need(req, "pids", list)
        if self.fault == "fnm-accepts-non-string-pid":
            pids = [p for p in pids if isinstance(p, str)]     # lenient: non-strings ignored
        pids = self.strings(pids, "pids")
        types = self.strings(self.need(req, "address-types", list), "address-types") \
            if "address-types" in req else []
        if self.fault == "fnm-unknown-pid-error":
            for p in pids:
                if p not in self.netmap:
                    raise AltoError("E_INVALID_FIELD_VALUE", "pids", p)
        if self.fault == "fnm-duplicates" and len(set(pids)) != len(pids):
            raise AltoError("E_INVALID_FIELD_VALUE", "pids", pids[0])
        sel = set(pids) if pids else (set() if self.fault == "fnm-empty-means-none" else None)
        if self.fault == "fnm-ignores-pids":
            sel = None
        tsel = set(types) if types and self.fault != "fnm-ignores-address-types" else None
        twice = self.fault == "fnm-dup-address-types" and len(set(types)) != len(types)
        doc = self.netmap_doc(sel, tsel, twice)
        if self.fault == "fnm-vtag-differs":
            doc["meta"]["vtag"]["tag"] = "filtered-" + self.tag[:20]
        return MT["nm"], doc

    def filtered_costmap(self, req):
        self.check_members(req, {"cost-type", "constraints", "pids"})
        name, metric, mode = self.cost_type(req, COST_TYPES)
        cons = self.constraints(req)
        m = self.costs(metric, mode)
        srcs = dsts = None
        if "pids" in req:
            p = self.need(req, "pids", dict)
            srcs = self.strings(self.need(p, "srcs", list, "pids/srcs"), "pids/srcs")
            dsts = self.strings(self.need(p, "dsts", list, "pids/dsts"), "pids/dsts")
        none = self.fault == "fcm-empty-means-none"
        if self.fault == "fcm-ignores-pids":
            srcs = dsts = None
        out = {}
        for s, row in m.items():
            if srcs is not None and ((not srcs and none) or (srcs and s not in srcs)):
                continue
            for d, v in row.items():
                if dsts is not None and ((not dsts and none) or (dsts and d not in dsts)):
                    continue
                if not self.meets(v, cons, "fcm-ignores-constraints"):
                    continue
                out.setdefault(s, {})[d] = v + 1 if self.fault == "fcm-disagrees" else v
        dv = [self.vtag(), self.vtag()] if self.fault == "fcm-two-dvtags" else None
        doc = self.costmap_doc(name, out, dv)
        if self.fault == "fcm-echo-wrong-type":
            doc["meta"]["cost-type"] = {"cost-metric": "routingcost", "cost-mode": "numerical"}
        return MT["cm"], doc

    def endpoint_prop(self, req):
        self.check_members(req, {"properties", "endpoints"})
        props = self.strings(self.need(req, "properties", list), "properties")
        eps = self.strings(self.need(req, "endpoints", list), "endpoints")
        if self.fault == "ipv6-endpoint-500" and any(e.startswith("ipv6:") for e in eps):
            raise HttpFail(500)
        offered = self.ird()["resources"]["endpoint-property"]["capabilities"]["prop-types"]
        for p in props:
            if p not in offered:
                raise AltoError("E_INVALID_FIELD_VALUE", "properties", p)
        out = {}
        for e in eps:
            pid = self.lookup_pid(e)
            key = e.split(":", 1)[1] if self.fault == "eprop-bare-addresses" else e
            out[key] = {p: pid for p in props if p == "networkmap.pid" and pid}
        meta = {} if self.fault == "eprop-no-dvtags" else {"dependent-vtags": [self.vtag()]}
        return MT["ep"], {"meta": meta, "endpoint-properties": out}

    def endpoint_cost(self, req, client="127.0.0.1"):
        f = self.fault
        if f == "ecs-500":
            raise HttpFail(500)
        self.check_members(req, {"cost-type", "constraints", "endpoints"})
        name, metric, mode = self.cost_type(req, COST_TYPES, "ecs")
        cons = self.constraints(req)
        eps = self.need(req, "endpoints", dict)
        srcs = self.strings(self.need(eps, "srcs", list, "endpoints/srcs"), "endpoints/srcs")
        dsts = self.strings(self.need(eps, "dsts", list, "endpoints/dsts"), "endpoints/dsts")
        if not srcs and not dsts:
            raise AltoError("E_INVALID_FIELD_VALUE", "endpoints", "{}")
        if f == "ecs-empty-list-error" and (not srcs or not dsts):
            raise AltoError("E_INVALID_FIELD_VALUE", "endpoints/srcs" if not srcs else "endpoints/dsts", "[]")
        srcs, dsts = srcs or ["ipv4:" + client], dsts or ["ipv4:" + client]   # 11.5.1.3: the client itself
        if f == "ipv6-endpoint-500" and any(e.startswith("ipv6:") for e in srcs + dsts):
            raise HttpFail(500)
        if f == "ecs-ordinal-500" and mode == "ordinal":
            raise HttpFail(500)
        if f == "ecs-ignores-mode":
            mode = "numerical"
        m = self.costs(metric, mode)
        out = {}
        for s in srcs:
            ps = self.lookup_pid(s)
            if f == "ordinal-per-source" and mode == "ordinal":
                num = self.costs(metric, "numerical")
                row = {d: num[ps][self.lookup_pid(d)] for d in dsts if ps and self.lookup_pid(d)}
                rk = ranks(row)
            for d in dsts:
                pd = self.lookup_pid(d)
                if ps is None or pd is None:
                    continue
                v = rk[d] if f == "ordinal-per-source" and mode == "ordinal" else m[ps][pd]
                if not self.meets(v, cons, "ecs-ignores-constraints"):
                    continue
                ks, kd = (s.split(":", 1)[1], d.split(":", 1)[1]) if self.fault == "ecs-bare-addresses" else (s, d)
                out.setdefault(ks, {})[kd] = v
            if self.fault == "ecs-extra-endpoint" and s in out:
                out[s]["ipv4:203.0.113.99"] = 1
        if f == "ecs-last-row-only" and out:
            last = [s for s in srcs if s in out][-1]
            out = {last: out[last]}
        if f == "ecs-empty":
            out = {}
        ct = {"cost-metric": metric, "cost-mode": mode}
        meta = {} if f == "ecs-no-cost-type" else {"cost-type": ct}
        doc = {"meta": meta, "endpoint-cost-map": out}
        if f == "ecs-no-map":
            del doc["endpoint-cost-map"]
        return MT["ec"], doc


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes
    svc = None  # set by main

    def log_message(self, *a):
        pass

    def send(self, status, ctype, body, extra=None):
        f = self.svc.fault
        if f.startswith("chaos-") and not isinstance(body, bytes) and self.path != "/directory":
            body = chaos(body, int(f[6:]))
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def send_error_alto(self, e):
        f = self.svc.fault
        meta = {"code": e.code}
        if e.field:
            meta["field"] = e.field
        if e.value is not None:
            meta["value"] = str(e.value)
        if f == "err-value-no-field":
            meta.pop("field", None)
            meta["value"] = meta.get("value", "x")
        if f == "err-500-no-body":
            return self.send(500, "text/plain", b"internal server error")
        status = {"err-status-200": 200, "err-status-500": 500}.get(f, 400)
        ctype = "application/json" if f == "err-media-json" else MT["err"]
        self.send(status, ctype, {"meta": meta})

    def hostile(self):
        """Transport faults on the network map; True when handled."""
        f = self.svc.fault
        if f == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return True
        if f == "slow-drip":
            body = json.dumps(self.svc.netmap_doc()).encode()
            self.send_response(200)
            self.send_header("Content-Type", MT["nm"])
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                for b in body:
                    self.wfile.write(bytes([b]))
                    self.wfile.flush()
                    time.sleep(0.5)
            except OSError:
                pass
            self.close_connection = True
            return True
        if f == "garbage":
            self.send(200, MT["nm"], bytes(range(256)) * 8)
            return True
        if f == "redirect-loop":
            self.send(302, "text/plain", b"moved", {"Location": self.path})
            return True
        if f == "huge-body":
            self.send_response(200)
            self.send_header("Content-Type", MT["nm"])
            self.send_header("Content-Length", str(200 << 20))
            self.end_headers()
            try:
                chunk = b" " * 65536
                for _ in range((200 << 20) // 65536):
                    self.wfile.write(chunk)
            except OSError:
                pass
            self.close_connection = True
            return True
        if f == "deep-nesting":
            self.send(200, MT["nm"], b"{\"meta\":" + b"[" * 100000 + b"]" * 100000 + b"}")
            return True
        return False

    def count(self):
        """Counts requests and client connections (GET /_stats shows them);
        die-after / hang-after: misbehave from the N-th request on."""
        s = self.svc
        with s.lock:
            s.requests += 1
            s.peers.add(self.client_address)
            n = s.requests
        if s.fault == "die-after" and n > s.after:
            sys.stdout.flush()
            import os
            os._exit(0)
        if s.fault == "hang-after" and n > s.after:
            time.sleep(3600)

    def do_GET(self):
        if self.path == "/_page":      # not an ALTO directory: an HTML page
            return self.send(200, "text/html", b"<!DOCTYPE html><html><body>hello</body></html>")
        if self.path == "/_json":      # not an ALTO directory: JSON without resources
            return self.send(200, "application/json", {"hello": "world"})
        if self.path == "/_stats":     # for the tests, not counted
            s = self.svc
            return self.send(200, "application/json", {"requests": s.requests, "connections": len(s.peers)})
        self.count()
        s, f, p = self.svc, self.svc.fault, self.path
        if p == "/directory":
            return self.send(200, "application/json" if f == "ird-media-type" else MT["ird"], s.ird())
        if p == "/more/directory":
            return self.send(200, "application/json" if f == "ird-delegated-media" else MT["ird"], s.delegated_ird())
        if f == "delegation-chain" and p.startswith("/more/") and p.endswith("/directory"):
            return self.send(200, MT["ird"], s.delegated_ird(int(p.split("/")[2])))
        if p == "/networkmap":
            if f in HOSTILE and self.hostile():
                return None
            ctype = {"netmap-media-type": "application/json", "netmap-no-content-type": None}.get(f, MT["nm"])
            return self.send(200, ctype, s.netmap_doc())
        if p == "/ane-props" and s.pv:
            return self.send(200, faultserver_pv.T_PM, faultserver_pv.propmap_get())
        if p == "/networkmap/filtered" and f == "get-post-one-entry":
            return self.send(200, MT["nm"], s.netmap_doc())
        if p == "/costmap/num-routingcost" and f == "num-costmap-500":
            return self.send(500, "text/plain", b"internal server error")
        if p.startswith("/costmap/") and f == "get-resource-404" and p.endswith("ord-routingcost"):
            return self.send(404, "text/plain", b"not found")
        table = {"/costmap/num-routingcost": ("num-routingcost", "routingcost", "numerical"),
                 "/costmap/ord-routingcost": ("ord-routingcost", "routingcost", "ordinal"),
                 "/costmap/num-hopcount": ("num-hopcount", "hopcount", "numerical")}
        if p in table:
            name, metric, mode = table[p]
            if f == "costmap-malformed-json" and name == "num-routingcost":
                return self.send(200, MT["cm"], b'{"meta": {"dependent-vtags": [')
            return self.send(200, MT["cm"], s.costmap_doc(name, s.costs(metric, mode)))
        return self.send(404, "text/plain", b"not found")

    def do_POST(self):
        self.count()
        s, f = self.svc, self.svc.fault
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n else b""
        routes = {"/networkmap/filtered": (MT["nmf"], s.filtered_netmap),
                  "/costmap/filtered": (MT["cmf"], s.filtered_costmap),
                  "/endpointprop/lookup": (MT["epp"], s.endpoint_prop),
                  "/endpointcost/lookup": (MT["ecp"], s.endpoint_cost)}
        if s.pv:
            pv = faultserver_pv.PathVector(s, AltoError)
            routes["/costmap/pv"] = (MT["cmf"], pv.costmap)
            routes["/endpointcost/pv"] = (MT["ecp"], pv.ecs)
        if self.path not in routes:
            return self.send(404, "text/plain", b"not found")
        want, fn = routes[self.path]
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if f == "pv-ird-accepts" and self.path.endswith("/pv"):
            want = ctype        # takes what its (wrong) IRD entry advertises
        if ctype != want:
            return self.send(415, "text/plain", b"unsupported media type")
        try:
            try:
                req = json.loads(raw)
            except ValueError as e:
                if f == "err-syntax-html":
                    return self.send(400, "text/html", b"<html><body>Bad Request</body></html>")
                raise AltoError("E_SYNTAX", None, None) from e
            if not isinstance(req, dict):
                raise AltoError("E_SYNTAX")
            mt, doc = fn(req, self.client_address[0]) if fn == s.endpoint_cost else fn(req)
            return self.send(200, mt, doc)
        except HttpFail as e:
            return self.send(e.status, "text/plain", b"server error")
        except AltoError as e:
            return self.send_error_alto(e)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--fault", default="")
    ap.add_argument("--after", type=int, default=0, help="die-after/hang-after: requests served first")
    ap.add_argument("--pv", action="store_true", help="also offer the RFC 9275 path vector service")
    a = ap.parse_args()
    known = a.fault in FAULTS or a.fault in WARN_FAULTS or a.fault in SKIP_FAULTS or a.fault in ERROR_FAULTS \
        or a.fault in LEGAL or a.fault in PV_FAULTS or a.fault in PV_HOSTILE or a.fault in HOSTILE or a.fault in ODD or a.fault.startswith("chaos-")
    if a.fault and not known:
        print(f"unknown fault {a.fault}", file=sys.stderr)
        return 2
    Handler.svc = Service(a.fault, a.after, a.pv)
    return serve(Handler, a.port)


if __name__ == "__main__":
    sys.exit(main())

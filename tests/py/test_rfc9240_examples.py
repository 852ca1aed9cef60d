"""Every RFC 9240 example message of the repository's copy
(data/rfc/examples/rfc9240, INDEX.tsv) against the engine's validators
(`altospec conform --validate-file propmap|propmapparams|ird-root`):

  - the INDEX lists every example file; every message it calls valid is
    validated with the kind its header names (requests by their
    Content-Type, answers by the media type of the resource asked);
  - the IRD of section 10.3 is valid but for one member: its
    "legacy-endpoint-property" entry names its capability "properties",
    where RFC 7285 section 11.4.1.4 says "prop-types"; the validator names
    exactly that member, and with it renamed the IRD validates;
  - every entity and property of the request and answer examples is one
    the example IRD maps for the resource the request addresses (section
    8.3: "The domain of each entity MUST be included in the list of
    entity domains in this resource's capabilities");
  - the 5.1.2 fragment (a grammar line, not a message) is not JSON."""
import json
import os
import re
import subprocess

import pytest

from conftest import DATA

EX = os.path.join(DATA, "rfc", "examples", "rfc9240")


def index():
    rows = {}
    for line in open(os.path.join(EX, "INDEX.tsv")):
        f = line.rstrip("\n").split("\t")
        rows[f[0]] = (f[1], f[2])
    return rows


def validate(altospec, kind, path):
    return subprocess.run([altospec, "conform", "--validate-file", kind, str(path)], capture_output=True,
                          text=True, timeout=60)


def request_line(name):
    return open(os.path.join(EX, name + ".txt")).readline().split()


def kind_of(name):
    if name == "10.3-2-resp":
        return "ird-root"
    return "propmapparams" if name.endswith("-req") else "propmap"


def test_index_lists_every_example():
    names = {re.sub(r"\.(json|txt)$", "", f) for f in os.listdir(EX) if f != "INDEX.tsv"}
    assert names == set(index())


@pytest.mark.parametrize("name", sorted(n for n, (st, _) in index().items()
                                        if st == "valid" and n != "10.3-2-resp"))
def test_valid_examples_pass(altospec, name):
    r = validate(altospec, kind_of(name), os.path.join(EX, name + ".json"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert ": valid, 0 problems" in r.stdout


def test_ird_example_only_misnames_prop_types(altospec, tmp_path):
    path = os.path.join(EX, "10.3-2-resp.json")
    r = validate(altospec, "ird-root", path)
    assert r.returncode == 1
    problems = [line for line in r.stdout.splitlines() if "INVALID" not in line]
    assert len(problems) == 1 and "legacy-endpoint-property.capabilities.prop-types" in problems[0], r.stdout
    doc = json.load(open(path))
    caps = doc["resources"]["legacy-endpoint-property"]["capabilities"]
    caps["prop-types"] = caps.pop("properties")
    fixed = tmp_path / "ird.json"
    fixed.write_text(json.dumps(doc))
    r = validate(altospec, "ird-root", fixed)
    assert r.returncode == 0, r.stdout


def _ird_resource(path):
    ird = json.load(open(os.path.join(EX, "10.3-2-resp.json")))
    for rid, e in ird["resources"].items():
        if e["uri"].endswith(path):
            return rid, e
    raise AssertionError(f"no resource at {path}")


@pytest.mark.parametrize("num", ["10.4", "10.5", "10.6", "10.7", "10.8", "10.9"])
def test_examples_use_only_mapped_domains_and_properties(num):
    method, path = request_line(num + "-1-req")[:2]
    rid, entry = _ird_resource(path)
    mappings = entry["capabilities"]["mappings"]
    every = {p for props in mappings.values() for p in props}
    checked = 0
    if method == "POST":
        req = json.load(open(os.path.join(EX, num + "-1-req.json")))
        for ent in req["entities"]:
            assert ent.split(":")[0] in mappings, (rid, ent)
            checked += 1
        for p in req.get("properties", []):
            assert p in every, (rid, p)
            checked += 1
    answer = json.load(open(os.path.join(EX, num + "-2-resp.json")))["property-map"]
    for ent, props in answer.items():
        domain = ent.split(":")[0]
        assert domain in mappings, (rid, ent)
        for p in props:
            assert p in mappings[domain], (rid, ent, p)
            checked += 1
    assert checked > 0


def test_grammar_fragment_is_not_a_message(altospec):
    r = validate(altospec, "propmap", os.path.join(EX, "5.1.2-1-fragment.txt"))
    assert r.returncode == 1 and "INVALID" not in r.stdout, r.stdout + r.stderr
    assert r.stderr.strip(), "the parse error is said"

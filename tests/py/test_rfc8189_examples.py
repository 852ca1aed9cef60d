"""Every RFC 8189 example message of the repository's copy
(data/rfc/examples/rfc8189, INDEX.tsv and ../INDEX-7285-8189-9439.md)
against the engine's validators (`altospec conform --validate-file`),
beyond test_conform_8189.py (valid requests pass; invalid-as-printed ones
fail to parse at the INDEX's line; the IRD's own inconsistencies):

  - the INDEX lists every example file, and every example it calls valid
    is validated here with the kind its message header names;
  - an example the INDEX calls INVALID is rejected for the INDEX's reason:
    once exactly the printing defect the INDEX names is repaired (a
    missing comma, an unterminated string), the message passes the
    validators.  Two examples have more than the INDEX says, and the test
    pins what: 5.5-2-resp misses a second comma inside PID1's row (line
    15), and 5.6-2-resp, once parsed, has no meta cost-type, which RFC 8189
    4.2.3 says is "set to {}" in a multi-cost answer: the validator names
    that member and nothing else."""
import json
import os
import subprocess

import pytest

from conftest import DATA

EX = os.path.join(DATA, "rfc", "examples", "rfc8189")

# Kind of --validate-file for each message example, from its header
# (request Content-Type, or the response to that request; 5.4's request
# uses cost-type, so its answer is a single-cost map).
KINDS = {
    "5.1-2-resp": "ird-root",
    "5.2-1-req": "costmapfilter-mc", "5.2-2-resp": "costmap-mc",
    "5.3-1-req": "costmapfilter-mc", "5.3-2-resp": "costmap-mc",
    "5.4-1-req": "costmapfilter-mc", "5.4-2-resp": "costmap",
    "5.5-1-req": "costmapfilter-mc", "5.5-2-resp": "costmap-mc",
    "5.6-1-req": "endpointcostparams-mc", "5.6-2-resp": "endpointcost-mc",
}
# The media type each request kind is sent as (RFC 8189 4.1, 4.2).
REQ_MEDIA = {"costmapfilter-mc": "application/alto-costmapfilter+json",
             "endpointcostparams-mc": "application/alto-endpointcostparams+json"}


def index():
    rows = {}
    for line in open(os.path.join(EX, "INDEX.tsv")):
        f = line.rstrip("\n").split("\t")
        rows[f[0]] = f[2]
    return rows


def validate(altospec, kind, path):
    return subprocess.run([altospec, "conform", "--validate-file", kind, str(path)], capture_output=True,
                          text=True, timeout=60)


def header(name, field):
    for line in open(os.path.join(EX, name + ".txt")):
        if line.lower().startswith(field.lower() + ":"):
            return line.split(":", 1)[1].strip()
    return None


def test_index_lists_every_example():
    idx = index()
    files = {f.rsplit(".", 1)[0] for f in os.listdir(EX) if f != "INDEX.tsv"}
    assert files == set(idx), files ^ set(idx)
    assert {n for n, s in idx.items() if s == "valid"} == {"5.1-2-resp", "5.2-1-req", "5.4-1-req", "5.5-1-req"}
    assert {n for n in idx if n.endswith(("req", "resp"))} - {"5.1-1-req"} == set(KINDS)


@pytest.mark.parametrize("name", sorted(n for n, s in index().items() if s == "valid" and n != "5.1-2-resp"))
def test_valid_examples_pass_with_their_media_type(altospec, name):
    kind = KINDS[name]
    assert header(name, "Content-Type") == REQ_MEDIA[kind]
    p = validate(altospec, kind, os.path.join(EX, name + ".json"))
    assert p.returncode == 0 and "valid, 0 problems" in p.stdout, p.stdout + p.stderr


def repair(text):
    """Repairs what json.loads stops at: a missing ',' is inserted where
    the next member starts; an unterminated string (a control character
    in it) is closed before the blank that ends it.  Returns the text and
    the 1-based lines repaired."""
    lines = []
    for _ in range(8):
        try:
            json.loads(text)
            return text, lines
        except json.JSONDecodeError as e:
            lines.append(e.lineno)
            if e.msg.startswith("Expecting ',' delimiter"):
                text = text[:e.pos] + "," + text[e.pos:]
            elif e.msg.startswith("Invalid control character"):
                start = text.rindex('"', 0, e.pos)
                end = text.index(" ", start)
                text = text[:end] + '"' + text[end:]
            else:
                raise AssertionError(f"not a printing defect: {e}")
    raise AssertionError("more than 8 defects")


# name -> the lines the repair touches (the INDEX's first, then any more).
REPAIRS = {"5.2-2-resp": [14], "5.3-1-req": [8], "5.3-2-resp": [14], "5.4-2-resp": [12],
           "5.5-2-resp": [14, 15], "5.6-1-req": [11], "5.6-2-resp": [8, 13]}


@pytest.mark.parametrize("name", sorted(REPAIRS))
def test_invalid_examples_fail_for_the_index_reason_only(altospec, tmp_path, name):
    status = index()[name]
    assert status.startswith("INVALID")
    text, lines = repair(open(os.path.join(EX, name + ".json")).read())
    assert lines == REPAIRS[name]
    assert f"line {lines[0]} " in status                 # the INDEX's defect is the first
    f = tmp_path / (name + ".json")
    f.write_text(text)
    p = validate(altospec, KINDS[name], f)
    if name == "5.6-2-resp":
        problems = [x for x in p.stdout.splitlines() if "$." in x]
        assert p.returncode == 1 and len(problems) == 1 and "$.meta.cost-type" in problems[0], p.stdout
    else:
        assert p.returncode == 0 and "valid, 0 problems" in p.stdout, p.stdout + p.stderr


def test_the_endpoint_example_has_the_content_type_typo_the_index_names():
    assert header("5.6-1-req", "Content-Type") == "application/alto-endpoincostparams+json"

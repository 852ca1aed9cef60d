"""Hostile input files (issue 20 items 3 and 6): each attack on the scenario,
topology and GraphML loaders is an error with exit 2 that names
file:line:col and the field, within a bounded time, with no crash and
nothing of the target file printed.  Legitimate files still load: the
shipped scenarios are validated here too."""
import glob
import os
import re
import stat
import subprocess

import pytest

SECRET = "SECRET-MARKER-4f1c9e"     # what a leak would print

TOPO_REL = "scenarios/ietf113/topology.yaml"


def run(altospec, *args, cwd=None, timeout=20):
    return subprocess.run([altospec, *args], capture_output=True, text=True, timeout=timeout, cwd=cwd)


def scenario(topology, size="1MB", start="0s", extra="", name="t",
             client="client", replica="xrd2"):
    return (f"name: {name}\n"
            f"topology: {topology}\n"
            f"files:\n  - {{name: f, size: {size}, replicas: [{replica}]}}\n"
            f"requests:\n  - {{client: {client}, file: f, start: {start}}}\n"
            f"policies: [first-listed]\n{extra}")


def rejected(p, fname, field, *want):
    """exit 2, a file:line:col: field: message, no crash, no leak."""
    out = p.stdout + p.stderr
    assert p.returncode == 2, (p.returncode, out)
    assert re.search(re.escape(fname) + r":\d+:\d+: " + re.escape(field) + r"(?=[:.[])", p.stderr), p.stderr
    for w in want:
        assert w in p.stderr, p.stderr
    assert SECRET not in out and "root:x:" not in out
    assert "Traceback" not in out and "AddressSanitizer" not in out and "runtime error" not in out


@pytest.fixture
def secret_dir(tmp_path):
    d = tmp_path / "elsewhere"
    d.mkdir()
    (d / "secret.yaml").write_text(f"{SECRET}: 1\n")
    return d


@pytest.fixture
def scen_dir(tmp_path):
    d = tmp_path / "scen"
    d.mkdir()
    return d


def write(d, text, name="s.yaml"):
    p = d / name
    p.write_text(text)
    return str(p)


# ---- paths a scenario names -------------------------------------------------

def test_dotdot_topology_outside_is_refused(altospec, scen_dir, secret_dir):
    s = write(scen_dir, scenario("../elsewhere/secret.yaml"))
    rejected(run(altospec, "validate", s), s, "topology", "leads outside")


def test_dotdot_etc_passwd_is_refused(altospec, scen_dir):
    s = write(scen_dir, scenario("../../../../../../../../etc/passwd"))
    rejected(run(altospec, "validate", s), s, "topology", "leads outside")


def test_absolute_path_outside_is_refused(altospec, scen_dir, secret_dir):
    s = write(scen_dir, scenario(str(secret_dir / "secret.yaml")))
    rejected(run(altospec, "run", s, "--report-dir", str(scen_dir / "out")), s, "topology", "leads outside")
    assert not (scen_dir / "out").exists()


def test_symlink_leading_outside_is_refused(altospec, scen_dir, secret_dir):
    os.symlink(secret_dir / "secret.yaml", scen_dir / "topo.yaml")
    s = write(scen_dir, scenario("topo.yaml"))
    rejected(run(altospec, "validate", s), s, "topology", "leads outside")


def test_topology_file_member_and_graphml_are_confined(altospec, scen_dir, secret_dir):
    (secret_dir / "g.graphml").write_text(f"<graphml><!-- {SECRET} --></graphml>")
    s = write(scen_dir, scenario("{file: ../elsewhere/secret.yaml, queue: 10}"))
    rejected(run(altospec, "validate", s), s, "topology.file", "leads outside")
    s = write(scen_dir, scenario("{graphml: ../elsewhere/g.graphml, hosts: 2}", client="h0",
                                 replica="h1"), "g.yaml")
    rejected(run(altospec, "validate", s), s, "topology.graphml", "leads outside")


def test_allow_dir_and_repository_folders_are_allowed(altospec, root, scen_dir, tmp_path):
    """The scenario's folder, the repository's scenarios/ and data/, and a
    folder given with --allow-dir are where named files may be."""
    s = write(scen_dir, scenario(os.path.join(root, TOPO_REL)))
    p = run(altospec, "validate", s)
    assert p.returncode == 0, p.stderr
    other = tmp_path / "topos"
    other.mkdir()
    (other / "t.yaml").write_text(open(os.path.join(root, TOPO_REL)).read())
    s = write(scen_dir, scenario("../topos/t.yaml"), "o.yaml")
    assert run(altospec, "validate", s).returncode == 2
    p = run(altospec, "validate", "--allow-dir", str(other), s)
    assert p.returncode == 0, p.stderr


# ---- only regular files, bounded size ---------------------------------------

def test_fifo_is_refused_without_blocking(altospec, scen_dir):
    os.mkfifo(scen_dir / "fifo.yaml")
    s = write(scen_dir, scenario("fifo.yaml"))
    rejected(run(altospec, "validate", s, timeout=10), s, "topology", "a FIFO", "not a regular file")
    # the scenario itself a FIFO: the command line names it, same rule
    p = run(altospec, "validate", str(scen_dir / "fifo.yaml"), timeout=10)
    assert p.returncode == 2 and "a FIFO" in p.stderr, p.stderr


def test_device_is_refused(altospec, scen_dir):
    s = write(scen_dir, scenario("/dev/zero"))
    rejected(run(altospec, "validate", "--allow-dir", "/dev", s, timeout=10), s, "topology",
             "a device", "not a regular file")


def test_directory_is_refused(altospec, scen_dir):
    (scen_dir / "sub").mkdir()
    s = write(scen_dir, scenario("sub"))
    rejected(run(altospec, "validate", s), s, "topology", "a directory")


def test_oversized_file_is_refused_naming_the_cap(altospec, scen_dir):
    big = scen_dir / "big.yaml"
    with open(big, "wb") as f:
        f.truncate(65 * 1024 * 1024)          # sparse: no disk, no memory
    s = write(scen_dir, scenario("big.yaml"))
    rejected(run(altospec, "validate", s), s, "topology", "big.yaml", "67108864 bytes")


# ---- report folder names ----------------------------------------------------

def test_report_folder_stays_under_out(altospec, root, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    s = write(work, scenario(os.path.join(root, TOPO_REL), name='"../../../../x-escaped/../y"'))
    p = run(altospec, "run", s, "--quiet", cwd=str(work), timeout=60)
    assert p.returncode == 0, p.stderr
    made = os.listdir(work / "out")
    assert len(made) == 1 and "/" not in made[0] and not made[0].startswith(".")
    assert os.path.exists(work / "out" / made[0] / "report.json")
    assert not glob.glob(str(tmp_path / "**" / "x-escaped"), recursive=True)
    assert not (tmp_path / "y").exists()


def test_control_characters_in_names_are_refused(altospec, root, scen_dir):
    s = write(scen_dir, scenario(os.path.join(root, TOPO_REL), name='"demo\\e[31mRED"'))
    p = run(altospec, "run", s, "--report-dir", str(scen_dir / "out"))
    rejected(p, s, "name", "control characters")
    assert "\x1b" not in p.stdout + p.stderr and not (scen_dir / "out").exists()
    s = write(scen_dir, scenario(os.path.join(root, TOPO_REL)).replace(
        "policies: [first-listed]", 'policies: [{name: random, as: "r\\x07"}]'), "p.yaml")
    rejected(run(altospec, "validate", s), s, "policies[0]", "control characters")


def test_error_messages_escape_control_bytes(altospec, root, scen_dir):
    s = write(scen_dir, scenario(os.path.join(root, TOPO_REL), size='"\\e]0;pwned\\a"'))
    p = run(altospec, "validate", s)
    rejected(p, s, "files[0].size", "\\x1b")
    assert "\x1b" not in p.stderr and "\x07" not in p.stderr


# ---- GraphML ----------------------------------------------------------------

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE graphml [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
""" + "".join(f' <!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n' for i in range(9)) + """]>
<graphml><key id="d0" for="node" attr.name="label"/>
<graph edgedefault="undirected"><node id="n0"><data key="d0">&j;</data></node>
<node id="n1"/><edge source="n0" target="n1"/></graph></graphml>
"""


def test_billion_laughs_graphml_is_refused_fast(altospec, scen_dir):
    (scen_dir / "lol.graphml").write_text(LAUGHS)
    s = write(scen_dir, scenario("{graphml: lol.graphml, hosts: 2}", client="h0", replica="h1"))
    p = run(altospec, "validate", s, timeout=10)
    rejected(p, s, "topology.graphml", "entity declarations are not allowed")


def test_repeated_internal_entity_graphml_is_refused(altospec, scen_dir):
    body = "<!ENTITY big \"" + "x" * 8000 + "\">"
    refs = "&big;" * 20000
    (scen_dir / "rep.graphml").write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE graphml [{body}]>\n<graphml><graph>'
        f'<node id="n0"><data key="d0">{refs}</data></node></graph></graphml>\n')
    s = write(scen_dir, scenario("{graphml: rep.graphml, hosts: 1}", client="h0", replica="h0"))
    rejected(run(altospec, "validate", s, timeout=10), s, "topology.graphml", "<!ENTITY")


def test_graphml_external_entity_is_refused(altospec, scen_dir, secret_dir):
    (scen_dir / "xxe.graphml").write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE graphml [<!ENTITY x SYSTEM "file://{secret_dir}/secret.yaml">]>\n'
        '<graphml><graph><node id="n0"><data key="d0">&x;</data></node></graph></graphml>\n')
    s = write(scen_dir, scenario("{graphml: xxe.graphml, hosts: 1}", client="h0", replica="h0"))
    rejected(run(altospec, "validate", s, timeout=10), s, "topology.graphml", "<!ENTITY")


def test_graphml_link_speed_out_of_range(altospec, scen_dir):
    (scen_dir / "fast.graphml").write_text(
        '<?xml version="1.0"?>\n<graphml><key id="d1" for="edge" attr.name="LinkSpeedRaw"/>\n'
        '<graph edgedefault="undirected"><node id="n0"/><node id="n1"/>\n'
        '<edge source="n0" target="n1"><data key="d1">1e300</data></edge></graph></graphml>\n')
    s = write(scen_dir, scenario("{graphml: fast.graphml, hosts: 2}", client="h0", replica="h1"))
    rejected(run(altospec, "validate", s), s, "topology.graphml", "LinkSpeedRaw")


# ---- numbers ----------------------------------------------------------------

NUMBERS = [
    ({"size": "1e308MB"}, "files[0].size", "above the limit"),
    ({"size": "1e300"}, "files[0].size", "expected a size"),
    ({"size": "9007199254740993"}, "files[0].size", "above the limit"),
    ({"size": "0.25B"}, "files[0].size", "below the smallest"),
    ({"size": "-5MB"}, "files[0].size", "must not be negative"),
    ({"start": "1e300s"}, "requests[0].start", "above the limit"),
    ({"start": "-1s"}, "requests[0].start", "must not be negative"),
    ({"start": "1e-300s"}, "requests[0].start", "below the smallest"),
    ({"extra": "seed: 9007199254740993\n"}, "seed", "2^53"),
    ({"extra": "reference: {sweep: {xrd2: -5s}}\n"}, "reference.sweep.xrd2", "must not be negative"),
    ({"extra": "tcp: {rwnd: 1e300B}\n"}, "tcp.rwnd", "above the limit"),
    ({"extra": "alto: {timeout: 1e9s}\n"}, "alto.timeout", "above the limit"),
]


@pytest.mark.parametrize("kw,field,want", NUMBERS, ids=[n[1] + ":" + str(n[0]) for n in NUMBERS])
def test_numbers_out_of_range(altospec, root, scen_dir, kw, field, want):
    s = write(scen_dir, scenario(os.path.join(root, TOPO_REL), **kw))
    rejected(run(altospec, "validate", s), s, field, want)


TOPO = """name: t
hosts: [{name: a, ipv4: 10.0.0.1}, {name: b, ipv4: 10.0.0.2}]
links: [{a: a, b: b, bandwidth: 10Mbps, %s}]
"""

TOPO_NUMBERS = [
    ("bandwidth: 1e-300bps", "links[0].bandwidth", "below the smallest"),
    ("bandwidth: 1e300bps", "links[0].bandwidth", "above the limit"),
    ("bandwidth: 0bps", "links[0].bandwidth", "must be positive"),
    ("delay: 1e-300s", "links[0].delay", "below the smallest"),
    ("delay: 1e300s", "links[0].delay", "above the limit"),
    ("queue: 99999999999999999", "links[0].queue", "2^53"),
]


@pytest.mark.parametrize("member,field,want", TOPO_NUMBERS, ids=[t[0] for t in TOPO_NUMBERS])
def test_topology_numbers_out_of_range(altospec, scen_dir, member, field, want):
    text = TOPO % member
    if member.startswith("bandwidth"):
        text = text.replace("bandwidth: 10Mbps, ", "")
    t = write(scen_dir, text, "topo.yaml")
    rejected(run(altospec, "validate", t), t, field, want)


def test_generated_arrivals_beyond_the_duration_limit(altospec, root, scen_dir):
    s = write(scen_dir, f"name: g\ntopology: {os.path.join(root, TOPO_REL)}\n"
              "generate: {seed: 1, files: 2, size: 1MB, replicas: 1, requests: 10, rate: 1e-300}\n"
              "policies: [first-listed]\n")
    rejected(run(altospec, "validate", s), s, "generate.rate", "duration limit")


def test_implementations_file_numbers(altospec, scen_dir):
    m = write(scen_dir, "implementations:\n  - name: x\n"
              "    start: {command: [\"true\"], attempts: 9007199254740993}\n", "impls.yaml")
    rejected(run(altospec, "matrix", m, "--report-dir", str(scen_dir / "out")), m,
             "implementations[0].start.attempts", "2^53")
    m = write(scen_dir, "implementations:\n  - name: x\n    ird: http://127.0.0.1:{port}/\n"
              "    start: {command: [\"true\"]}\n    ready: {timeout: 1e300s}\n", "impls2.yaml")
    rejected(run(altospec, "matrix", m, "--report-dir", str(scen_dir / "out")), m,
             "implementations[0].ready.timeout", "above the limit")
    assert not (scen_dir / "out").exists()


# ---- empty items, nulls, tags -----------------------------------------------

@pytest.mark.parametrize("text,field,want", [
    ("name: t\nhosts: [ , ]\nlinks: []\n", "hosts", "malformed YAML"),
    ("name: t\nhosts:\n  - {name: a, ipv4: 10.0.0.1}\n  -\nlinks: []\n", "hosts[1]", "empty list item"),
    ("name: t\nhosts: [{name: a, ipv4: 10.0.0.1}, ~]\nlinks: []\n", "hosts[1]", "empty list item"),
    ("name: t\nhosts:\nlinks: []\n", "hosts", "expected a list, got null"),
    ("name:\nhosts: [{name: a, ipv4: 10.0.0.1}]\nlinks: []\n", "name", "expected a string, got null"),
], ids=["flow-empty", "dash-nothing", "tilde", "null-hosts", "null-name"])
def test_empty_items_and_nulls_name_line_and_field(altospec, scen_dir, text, field, want):
    t = write(scen_dir, text, "topo.yaml")
    rejected(run(altospec, "validate", t), t, field, want)


def test_null_scenario_member_points_at_its_line(altospec, scen_dir):
    s = write(scen_dir, "name: t\ndescription: x\ntopology:\npolicies: [first-listed]\n")
    p = run(altospec, "validate", s)
    rejected(p, s, "topology", "got null")
    assert f"{s}:3:" in p.stderr, p.stderr


@pytest.mark.parametrize("tag", ["!!binary aGVsbG8=", "!custom x", "!!str t"])
def test_yaml_tags_are_errors(altospec, root, scen_dir, tag):
    s = write(scen_dir, scenario(os.path.join(root, TOPO_REL)).replace("name: t", f"name: {tag}"))
    rejected(run(altospec, "validate", s), s, "name", "YAML tags are not supported")


# ---- nothing legitimate is rejected -----------------------------------------

def test_every_shipped_scenario_and_topology_validates(altospec, root):
    files = []
    for f in sorted(glob.glob(os.path.join(root, "scenarios", "**", "*.yaml"), recursive=True)):
        head = open(f).read()
        # matrix, expectation and requirements files have their own commands
        if re.search(r"^(topology|links):", head, re.M):
            files.append(f)
    assert len(files) >= 10
    p = run(altospec, "validate", *files, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout.count(": valid ") == len(files)

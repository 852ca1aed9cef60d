"""`altospec matrix` and `altospec merge` on the repository's tested matrix
(scenarios/matrix/tested.yaml: six implementations x every suite the
binary reports, plus the Demo 1 and Demo 2 columns): unsharded, as three
shards run in parallel and merged, compared; matrix.json against its JSON
Schema; links, JUnit files, exit codes."""
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from conf_helpers import schema_errors
from mtx_helpers import (cell, load, processes_with, run_matrix, step, token_env, without_timings, workflow,
                         workspace)

HERE = os.path.dirname(os.path.abspath(__file__))
FAULTSERVER = os.path.join(HERE, "faultserver.py")


def suites_of(altospec):
    out = subprocess.run([altospec, "conform", "--list"], capture_output=True, text=True, check=True).stdout
    seen = []
    for line in out.splitlines():
        s = line.split("/")[0]
        if s and s not in seen:
            seen.append(s)
    return seen


@pytest.fixture(scope="module")
def runs(altospec, root, tmp_path_factory):
    """The tested matrix unsharded, and as the CI workflow runs it: its
    "run shard" script for shards 1..3 in parallel, the artifacts laid out
    as download-artifact does, its "merge" and "summary" scripts."""
    tmp = tmp_path_factory.mktemp("matrix")
    ws = workspace(root, altospec, tmp / "ws")
    wf = workflow(root)
    tok, env = token_env(wf["env"])
    env = {k: str(v) for k, v in env.items()}
    full = run_matrix(altospec, wf["env"]["MATRIX_FILE"], "--report-dir", str(tmp / "full"), env=env, cwd=ws)
    nshards = int(wf["env"]["SHARDS"])
    assert wf["jobs"]["shard"]["strategy"]["matrix"]["shard"] == list(range(1, nshards + 1))
    script = step(wf["jobs"]["shard"], "run shard")
    shards = [subprocess.Popen(["bash", "-euc", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=dict(env, SHARD=str(i)), cwd=ws) for i in range(1, nshards + 1)]
    outs = [p.communicate(timeout=300) + (p.returncode,) for p in shards]
    for i in range(1, nshards + 1):      # actions/download-artifact: shards/<artifact name>/
        shutil.copytree(os.path.join(ws, f"out/shard-{i}"), os.path.join(ws, f"shards/interop-shard-{i}"))
    merge_job = wf["jobs"]["merge"]
    merged = subprocess.run(["bash", "-euc", step(merge_job, "merge")], capture_output=True, text=True, env=env, cwd=ws)
    summary = tmp / "step-summary.md"
    subprocess.run(["bash", "-euc", step(merge_job, "summary")], check=True, cwd=ws,
                   env=dict(env, GITHUB_STEP_SUMMARY=str(summary)))
    left = processes_with(tok)
    for i in range(1, nshards + 1):
        os.symlink(os.path.join(ws, f"out/shard-{i}"), tmp / f"s{i}")
    os.symlink(os.path.join(ws, "out/interop"), tmp / "merged")
    return dict(tmp=tmp, full=full, shards=outs, merged=merged, left=left, summary=summary)


def test_tested_matrix_runs_every_cell_as_expected(runs, altospec, root):
    r = runs["full"]
    assert r.returncode == 0, r.stdout + r.stderr
    m = load(runs["tmp"] / "full")
    assert len(m["implementations"]) >= 6
    suites = [c["id"] for c in m["columns"] if c["kind"] == "suite"]
    assert suites == suites_of(altospec) and "rfc7285" in suites and "rfc9275" in suites
    assert m["file"] == "scenarios/matrix/tested.yaml"
    assert m["summary"]["as_expected"] == m["summary"]["cells"] == len(m["cells"])
    assert m["exit"] == 0 and not runs["left"], runs["left"]
    # cells carry the child reports' counts
    cases = {c["id"]: c["cases"] for c in m["columns"] if c["kind"] == "suite"}
    assert cell(m, "reference-pv", "rfc9275")["summary"]["PASS"] == cases["rfc9275"]
    assert cell(m, "reference", "rfc9275")["summary"]["UNSUPPORTED"] == cases["rfc9275"]
    # the PV fault server's clean multipart cost map has no optional "start"
    # parameter: that case had nothing to look at, an earned SKIP, not a PASS
    fpv = cell(m, "faultserver-pv", "rfc9275")["summary"]
    assert fpv["PASS"] == cases["rfc9275"] - 1 and fpv["SKIP"] == 1, fpv
    fc = cell(m, "fault-constraints", "rfc7285")
    assert fc["summary"]["FAIL"] == 6 and fc["outcome"] == "as-expected" and fc["sections"]["11"]["FAIL"] == 6
    pv = cell(m, "fault-pv-media-type", "rfc9275")
    assert pv["summary"]["FAIL"] == 2 and pv["outcome"] == "as-expected"
    with open(os.path.join(runs["tmp"], "full", "cells/fault-pv-media-type/rfc9275/report.json")) as f:
        rep = json.load(f)
    assert {x["id"] for x in rep["results"] if x["verdict"] == "FAIL"} == \
        {"rfc9275/7.2.1/media-type", "rfc9275/7.3.1/media-type"}
    for c in m["cells"]:
        if c["kind"] == "suite":
            assert sum(s["total"] for s in c["sections"].values()) == c["summary"]["total"] == cases[c["column"]]
            with open(os.path.join(runs["tmp"], "full", os.path.dirname(c["report"]), "report.json")) as f:
                assert json.load(f)["summary"]["total"] == c["summary"]["total"]
    # the demo matrix: Demo 1 on both reference servers; Demo 2 needs path vectors
    for impl in ("reference-pv", "reference"):
        d1 = cell(m, impl, "demo:ietf113-demo1")
        assert d1["status"] == "ran" and d1["summary"]["PASS"] == 3 and d1["summary"]["FAIL"] == 0
    d2 = cell(m, "reference", "demo:ietf113-demo2-estimator")
    assert d2["status"] == "error" and d2["outcome"] == "as-expected" and d2["expected"] == "error"
    assert "path vector" in d2["message"] and "{ird}" in d2["message"]
    assert cell(m, "reference-pv", "demo:ietf113-demo2-estimator")["status"] == "ran"
    # the mapping went into the derived scenario the demo cell ran
    with open(os.path.join(runs["tmp"], "full", "scenarios", "reference-pv--ietf113-demo1.json")) as f:
        assert json.load(f)["alto"]["addresses"]["xrd3"] == "10.0.0.253"


def test_three_shards_merge_to_the_unsharded_matrix(runs):
    for i, (out, err, rc) in enumerate(runs["shards"], 1):
        assert rc == 0, out + err
        sm = load(runs["tmp"] / f"s{i}")
        for c in sm["cells"]:
            assert (c["status"] != "not-run") == (c["index"] % 3 == i - 1), c
    assert runs["merged"].returncode == 0, runs["merged"].stdout + runs["merged"].stderr
    full, merged = load(runs["tmp"] / "full"), load(runs["tmp"] / "merged")
    assert without_timings(full) == without_timings(merged)
    # the merged directory is self-contained: every link resolves inside it
    for c in merged["cells"]:
        for k in ("report", "log", "junit"):
            assert os.path.isfile(os.path.join(runs["tmp"], "merged", c[k])), c[k]


def test_matrix_json_matches_its_schema(runs, root):
    with open(os.path.join(root, "reports/matrix.schema.json")) as f:
        schema = json.load(f)
    for d in ("full", "s1", "s2", "s3", "merged"):
        assert schema_errors(load(runs["tmp"] / d), schema) == [], d
    broken = load(runs["tmp"] / "full")
    broken["cells"][0]["status"] = "UNSUPPORTED"
    del broken["summary"]["run"]
    errs = schema_errors(broken, schema)
    assert any("cells[0].status" in e for e in errs) and any("missing run" in e for e in errs)


def test_junit_per_cell_and_combined(runs):
    d = runs["tmp"] / "merged"
    m = load(d)
    tree = ET.parse(d / "junit.xml").getroot()
    names = [s.get("name") for s in tree.findall("testsuite")]
    assert names == [f'{c["implementation"]}/{c["column"]}' for c in m["cells"]]
    total = sum(int(s.get("tests")) for s in tree.findall("testsuite"))
    assert int(tree.get("tests")) == total and int(tree.get("failures")) == 0 and int(tree.get("errors")) == 0
    for c in m["cells"]:
        ET.parse(d / c["junit"])
    ref = [s for s in tree.findall("testsuite") if s.get("name") == "reference-pv/rfc7285"][0]
    assert ref.find("testcase").get("classname").startswith("reference-pv.rfc7285.")
    md = open(d / "matrix.md").read()
    cases_rfc7285 = [c["cases"] for c in m["columns"] if c["id"] == "rfc7285"][0]
    assert f"| fault-constraints | ok {cases_rfc7285 - 6} PASS, 6 FAIL |" in md
    assert runs["summary"].read_text() == md        # the workflow's $GITHUB_STEP_SUMMARY


def test_merge_rejects_a_missing_or_foreign_shard(runs, altospec, tmp_path):
    t = runs["tmp"]
    r = subprocess.run([altospec, "merge", str(t / "s1"), str(t / "s2"), "--report-dir", str(tmp_path / "o")],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "(shard 3/3) is in none of the given directories" in r.stderr
    shutil.copytree(t / "s3", tmp_path / "s3")
    sj = tmp_path / "s3" / "shard.json"
    doc = json.loads(sj.read_text())
    doc["plan"] = "0" * 16
    sj.write_text(json.dumps(doc))
    r = subprocess.run([altospec, "merge", str(t / "s1"), str(t / "s2"), str(tmp_path / "s3"),
                        "--report-dir", str(tmp_path / "o")], capture_output=True, text=True)
    assert r.returncode == 2 and "a shard of another matrix" in r.stderr
    r = subprocess.run([altospec, "merge", str(tmp_path)], capture_output=True, text=True)
    assert r.returncode == 2 and "no shard.json" in r.stderr


def write(tmp_path, text):
    p = tmp_path / "impls.yaml"
    p.write_text(text)
    return str(p)


def test_unexpected_failure_exits_1_and_expectations_make_it_0(altospec, tmp_path):
    base = f"""implementations:
  - name: constraints
    start: {{command: [/usr/bin/python3, {FAULTSERVER}, --port, "{{port}}", --fault, fcm-ignores-constraints]}}
    ready: {{output: '^([0-9]+)$'}}
    ird: "http://127.0.0.1:{{port}}/directory"
    suites: [rfc7285]
"""
    r = run_matrix(altospec, write(tmp_path, base), "--report-dir", str(tmp_path / "a"), "--quiet")
    assert r.returncode == 1, r.stdout + r.stderr
    c = cell(load(tmp_path / "a"), "constraints", "rfc7285")
    assert c["outcome"] == "unexpected" and c["summary"]["FAIL"] == 6 and c["summary"]["unexpected"] == 6
    junit = ET.parse(tmp_path / "a" / "junit.xml").getroot()
    assert int(junit.get("failures")) == 6
    (tmp_path / "exp.yaml").write_text('expect:\n  - {case: "rfc7285/11.3.2.3/constraint*", verdict: FAIL, reason: known}\n')
    r = run_matrix(altospec, write(tmp_path, base + "    expect: exp.yaml\n"), "--report-dir", str(tmp_path / "b"), "--quiet")
    assert r.returncode == 0, r.stdout + r.stderr


def test_a_child_harness_error_exits_2(altospec, tmp_path):
    text = f"""implementations:
  - name: fs
    start: {{command: [/usr/bin/python3, {FAULTSERVER}, --port, "{{port}}"]}}
    ird: "http://127.0.0.1:{{port}}/directory"
    suites: [rfc7285]
    conform-args: [--timeout, soon]
"""
    r = run_matrix(altospec, write(tmp_path, text), "--report-dir", str(tmp_path / "o"), "--quiet")
    assert r.returncode == 2, r.stdout + r.stderr
    c = cell(load(tmp_path / "o"), "fs", "rfc7285")
    assert c["outcome"] == "harness-error" and c["exit"] == 2 and "--timeout needs a positive number" in c["message"]


def test_suite_selection_and_list(altospec, root):
    tested = os.path.join(root, "scenarios/matrix/tested.yaml")
    r = run_matrix(altospec, tested, "--suite", "rfc9275", "--list", "--shard", "2/4")
    assert r.returncode == 0, r.stderr
    rows = [l.split() for l in r.stdout.splitlines()]
    assert rows and all(x[3] in ("rfc9275",) or x[3].startswith("demo:") for x in rows)
    assert [x[1] for x in rows] == [f"{i % 4 + 1}/4" for i in range(len(rows))]
    assert "fault-constraints" not in r.stdout       # it lists rfc7285 only
    r = run_matrix(altospec, tested, "--suite", "rfc9999")
    assert r.returncode == 2 and 'unknown suite "rfc9999"' in r.stderr
    for bad in ("0/3", "4/3", "x", "1/0"):
        r = run_matrix(altospec, tested, "--shard", bad)
        assert r.returncode == 2 and "--shard needs I/N" in r.stderr


def test_composite_action_steps(altospec, root, tmp_path):
    """action.yml's shell steps, run as the runner would: the matrix step
    records the exit code and the summary, the verdict step fails the job."""
    import yaml
    with open(os.path.join(root, "action.yml")) as f:
        action = yaml.safe_load(f)
    assert action["runs"]["using"] == "composite"
    steps = {s.get("name"): s for s in action["runs"]["steps"]}
    ws = workspace(root, altospec, tmp_path / "action")
    for fault, want in (("", "0"), ("fcm-ignores-constraints", "1")):
        impl = tmp_path / f"impl{want}.yaml"
        impl.write_text(f"""implementations:
  - name: mine
    start: {{command: [/usr/bin/python3, {FAULTSERVER}, --port, "{{port}}"{', --fault, ' + fault if fault else ''}]}}
    ird: "http://127.0.0.1:{{port}}/directory"
""")
        out, summ = tmp_path / f"out{want}", tmp_path / f"sum{want}"
        env = dict(os.environ, GITHUB_ACTION_PATH=ws, GITHUB_OUTPUT=str(out), GITHUB_STEP_SUMMARY=str(summ),
                   IMPLEMENTATIONS=str(impl), SUITES="rfc7285", REPORT_DIR=str(tmp_path / f"rep{want}"))
        subprocess.run(["bash", "-euo", "pipefail", "-c", steps["run the matrix"]["run"]], check=True, env=env,
                       capture_output=True, cwd=tmp_path)
        assert out.read_text() == f"exit-code={want}\n"
        assert "| mine | " in summ.read_text()
        m = load(tmp_path / f"rep{want}")
        assert [c["id"] for c in m["columns"]] == ["rfc7285"]
        v = subprocess.run(["bash", "-c", steps["verdict"]["run"]], env=dict(env, RC=want), capture_output=True)
        assert v.returncode == int(want)


def test_documented_example_loads(altospec, root):
    """scenarios/matrix/example.yaml (palto, openalto/alto: not run) is a
    valid implementations file: its cells can be listed."""
    r = run_matrix(altospec, os.path.join(root, "scenarios/matrix/example.yaml"), "--list")
    assert r.returncode == 0, r.stderr
    impls = {l.split()[2] for l in r.stdout.splitlines()}
    assert impls == {"reference", "palto", "openalto"}
    r = run_matrix(altospec, os.path.join(root, "scenarios/matrix/bench.yaml"), "--list", "--suite", "rfc7285,rfc9275")
    assert r.returncode == 0 and len(r.stdout.splitlines()) == 36, r.stderr

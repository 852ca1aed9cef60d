"""The conformance tree is laid out like the RFCs (conformance/README.md,
"Layout"): every case id printed by `altospec conform --list --suite all`
maps, in one step, to its run function or data row in the file of its
section.

    rfcNNNN/<section>/<name>  ->  conformance/rfcNNNN/suite.c (the row)
                              ->  r<NNNN>_<name> ('-' -> '_'), defined in
                                  conformance/rfcNNNN/s<digits>_<title>.c
                                  whose <digits> are a prefix of <section>
                                  (11.3.2.6 -> s11_3_2_*.c, s11_3_*.c, s11_*.c)
                              or  a data row (.expect = ...) in suite.c.

A name that several cases of a suite use for different checks carries one
qualifier token (r7285_fcm_unknown_pids); a name used once must not.

check_tree() is the checker; the tests at the end prove it fails on a
misplaced, a misnamed and an unlisted case in a synthetic copy of the tree.
"""
import os
import re
import shutil
import subprocess
from collections import defaultdict

import pytest

from conftest import ROOT

CONF = os.path.join(ROOT, "conformance")
ROW_END = re.compile(r'\n    \{|\n\};')
DEF_RE = re.compile(r'^void (r\d{4}_\w+)\(conf_ctx \*c\)\s*\{', re.M)
FILE_RE = re.compile(r'^s(\d+(?:_\d+)*)_[a-z][a-z0-9_]*\.c$')


def listed_ids(altospec):
    out = subprocess.run([altospec, "conform", "--list", "--suite", "all"], capture_output=True,
                         text=True, timeout=60, check=True).stdout
    ids = [ln.split()[0] for ln in out.splitlines() if ln.strip()]
    assert ids and all(re.match(r'^rfc\d{4}/[\d.]+/[a-z0-9-]+$', i) for i in ids), ids[:5]
    return ids


def suite_rows(suite_c):
    """{case id: row text} of a suite.c table (rows start with `{"id"` or
    `{.id = "id"`)."""
    text = open(suite_c).read()
    rows = {}
    for m in re.finditer(r'\{\s*(?:\.id\s*=\s*)?"(rfc\d{4}/[^"]+)"', text):
        end = ROW_END.search(text, m.end())
        row = text[m.start():end.start() if end else len(text)]
        if m.group(1) in rows:
            rows[m.group(1)] = None          # duplicate id: reported below
        else:
            rows[m.group(1)] = row
    return rows


def row_target(row, num):
    """('fn', name) for a run-function row, ('data', None) for a data row,
    (None, None) when neither can be found."""
    m = re.search(r'\.run\s*=\s*(r%s_\w+)' % num, row) or re.search(r'\b(r%s_\w+)\s*\}\s*,?\s*$' % num, row)
    if m:
        return "fn", m.group(1)
    if re.search(r'\.expect\s*=', row):
        return "data", None
    return None, None


def section_prefix(fname):
    m = FILE_RE.match(fname)
    return m.group(1).split("_") if m else None


def check_tree(conf_dir, ids):
    """Every problem of the layout, as strings (empty: the layout holds)."""
    errs = []
    by_suite = defaultdict(list)
    for i in ids:
        by_suite[i.split("/")[0]].append(i)
    for suite, sids in sorted(by_suite.items()):
        num = suite[3:]
        d = os.path.join(conf_dir, suite)
        suite_c = os.path.join(d, "suite.c")
        if not os.path.isfile(suite_c):
            errs.append(f"{suite}: no {suite}/suite.c")
            continue
        rows = suite_rows(suite_c)
        defs = defaultdict(list)      # function -> [file]
        for f in sorted(os.listdir(d)):
            if not f.endswith(".c"):
                continue
            if f not in ("suite.c", "util.c") and not section_prefix(f):
                errs.append(f"{suite}/{f}: not named s<section>_<title>.c, suite.c or util.c")
            for m in DEF_RE.finditer(open(os.path.join(d, f)).read()):
                defs[m.group(1)].append(f)
        targets = {}
        for i in sids:
            row = rows.get(i)
            if row is None:
                errs.append(f"{i}: {'listed twice in' if i in rows else 'no row in'} {suite}/suite.c")
                continue
            targets[i] = row_target(row, num)
        fns_of_name = defaultdict(set)
        for i, (kind, fn) in targets.items():
            fns_of_name[i.split("/")[-1]].add(fn if kind == "fn" else "<data>")
        for i, (kind, fn) in targets.items():
            section, name = i.split("/")[1], i.split("/")[-1]
            if kind == "data":
                continue
            if kind is None:
                errs.append(f"{i}: its row names neither a run function nor data (.expect)")
                continue
            want = f"r{num}_{name.replace('-', '_')}"
            shared = len(fns_of_name[name]) > 1
            qualified = re.fullmatch(r'r%s_[a-z0-9]+_%s' % (num, re.escape(name.replace('-', '_'))), fn)
            if fn != want and not (shared and qualified):
                hint = " (the name is used once in the suite: no qualifier)" if qualified else ""
                errs.append(f"{i}: run function {fn}, expected {want}{hint}")
            files = defs.get(fn, [])
            if len(files) != 1:
                errs.append(f"{i}: {fn} defined in {len(files)} files of {suite}/ ({', '.join(files) or 'none'})")
                continue
            pre = section_prefix(files[0])
            sec = section.split(".")
            if not pre or sec[:len(pre)] != pre:
                errs.append(f"{i}: {fn} is in {suite}/{files[0]}, not in a file of section {section} "
                            f"(s{'_'.join(sec)}_*.c or a shorter prefix)")
        extra = [i for i in rows if i.startswith(suite + "/") and i not in sids]
        for i in extra:
            errs.append(f"{i}: row in {suite}/suite.c but not listed by --list")
    return errs


@pytest.fixture(scope="module")
def ids(altospec):
    return listed_ids(altospec)


def test_every_case_maps_to_its_function_or_data_row(ids):
    assert {i.split("/")[0] for i in ids} >= {"rfc7285", "rfc9275"}
    errs = check_tree(CONF, ids)
    assert not errs, "\n".join(errs)


def test_no_suite_file_left_at_the_top(ids):
    """Suite code lives in conformance/rfcNNNN/, not beside the engine."""
    top = [f for f in os.listdir(CONF) if re.match(r'rfc\d{4}.*\.[ch]$', f)]
    assert not top, top


# ---- the checker fails where it must (synthetic copies of the tree) ----

@pytest.fixture()
def tree(tmp_path):
    for s in sorted(d for d in os.listdir(CONF) if re.fullmatch(r"rfc\d{4}", d)):
        shutil.copytree(os.path.join(CONF, s), tmp_path / s)
    return tmp_path


def _move_function(src, dst, fn):
    text = open(src).read()
    m = re.search(r'^void %s\(conf_ctx \*c\) \{[^\n]*\}\n' % fn, text, re.M) or \
        re.search(r'^void %s\(conf_ctx \*c\) \{\n.*?^\}\n' % fn, text, re.M | re.S)
    assert m, fn
    open(src, "w").write(text[:m.start()] + text[m.end():])
    with open(dst, "a") as f:
        f.write("\n" + m.group(0))


def test_checker_accepts_the_copy(tree, ids):
    assert check_tree(str(tree), ids) == []


def test_checker_finds_a_misplaced_case(tree, ids):
    d = tree / "rfc7285"
    _move_function(d / "s8_5_protocol_errors.c", d / "s9_ird.c", "r7285_e_syntax")
    errs = check_tree(str(tree), ids)
    assert errs == ["rfc7285/8.5.2/e-syntax: r7285_e_syntax is in rfc7285/s9_ird.c, not in a file of "
                    "section 8.5.2 (s8_5_2_*.c or a shorter prefix)"], errs


def test_checker_finds_a_misnamed_case(tree, ids):
    d = tree / "rfc7285"
    for f in ("suite.c", "s11_2_2_pid_mapping.c"):
        p = d / f
        p.write_text(re.sub(r'\br7285_pid_lpm\b', "r7285_lpm_check", p.read_text()))
    errs = check_tree(str(tree), ids)
    assert errs == ["rfc7285/11.2.2/pid-lpm: run function r7285_lpm_check, expected r7285_pid_lpm"], errs


def test_checker_finds_a_needless_qualifier(tree, ids):
    d = tree / "rfc9275"
    for f in ("suite.c", "s7_service_extensions.c"):
        p = d / f
        p.write_text(re.sub(r'\br9275_boundary\b', "r9275_mp_boundary", p.read_text()))
    errs = check_tree(str(tree), ids)
    assert len(errs) == 2 and all("run function r9275_mp_boundary, expected r9275_boundary (the name is "
                                  "used once in the suite: no qualifier)" in e for e in errs), errs


def test_checker_finds_a_badly_named_file_and_a_missing_row(tree, ids):
    d = tree / "rfc9275"
    os.rename(d / "s6_basic_data_types.c", d / "ane.c")
    errs = check_tree(str(tree), ids + ["rfc9275/6.6/no-such-case"])
    assert "rfc9275/ane.c: not named s<section>_<title>.c, suite.c or util.c" in errs, errs
    assert "rfc9275/6.6/no-such-case: no row in rfc9275/suite.c" in errs, errs
    assert any(e.startswith("rfc9275/6.6/id-length: r9275_id_length is in rfc9275/ane.c") for e in errs), errs


def test_media_type_cases_are_data_rows():
    """The six "X are application/alto-X+json" cases of RFC 7285 are rows
    evaluated by conf_data_run, not six copies of one function."""
    rows = suite_rows(os.path.join(CONF, "rfc7285", "suite.c"))
    for sec in ("11.2.1.1", "11.2.3.1", "11.3.1.1", "11.3.2.1", "11.4.1.1", "11.5.1.1"):
        assert row_target(rows[f"rfc7285/{sec}/media-type"], "7285") == ("data", None), sec

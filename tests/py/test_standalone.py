"""The repository stands alone, and its build scripts fail loudly.

1. No tracked file names a folder beside the checkout (`../shared`, or the
   absolute path of the machine it was written on) as a place to read from:
   what the build, the tests, the scenarios and the benchmarks read is in
   data/ with its licence.  `ci/test` proves the same at run time by testing
   a fresh clone with nothing beside it; this test names the offending file
   and line when someone adds such a path back.
2. `ci/setup` exits non-zero with the compiler's messages on stderr when the
   build fails, and `ci/demo` then stops instead of running the binary an
   earlier build left behind.  Checked on a tiny CMake project that takes
   the place of altospec's (a second full build would cost minutes)."""
import os
import re
import shutil
import subprocess
import time

# "../shared", "../../shared/...", or the absolute /work/shared.
OUTSIDE = re.compile(r"(?:\.\./)+shared\b|/work/shared\b")
# Where naming ../shared is documentation, not an input path: data/README.md
# says where the bundled files came from; docs/ is prose.  This file holds
# the pattern itself.
ALLOWED = ("data/README.md", "docs/", "tests/py/test_standalone.py")


def tracked_files(root):
    """The files git tracks (the clone ci/test makes has them staged); a
    tree that is not a git checkout is walked, build output left out."""
    r = subprocess.run(["git", "-C", root, "ls-files", "-z"], capture_output=True)
    if r.returncode == 0 and r.stdout:
        return [p for p in r.stdout.decode().split("\0") if p]
    out = []
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if not (x.startswith(("build", ".")) or x in ("out", "__pycache__"))]
        out += [os.path.relpath(os.path.join(d, f), root) for f in files]
    return out


def outside_refs(root, files):
    """(path, line number, line) of every mention of a folder outside."""
    hits = []
    for rel in files:
        if rel.startswith(ALLOWED):
            continue
        path = os.path.join(root, rel)
        if not os.path.isfile(path):
            continue        # deleted in the working tree
        with open(path, "rb") as f:
            text = f.read()
        if b"\0" in text[:4096]:
            continue        # binary
        for no, line in enumerate(text.decode("utf-8", "replace").splitlines(), 1):
            if OUTSIDE.search(line):
                hits.append((rel, no, line.strip()))
    return hits


def test_no_tracked_file_reads_a_folder_beside_the_checkout(root):
    files = tracked_files(root)
    assert len(files) > 100 and "CMakeLists.txt" in files and "ci/test" in files
    hits = outside_refs(root, files)
    assert hits == [], "\n".join(f"{p}:{n}: {l}" for p, n, l in hits)


def test_the_scan_finds_what_it_looks_for(tmp_path):
    """The check above can fail: each form it must catch is caught, with
    its file and line, and the documented exceptions are not."""
    (tmp_path / "a.c").write_text('/* ok */\nf = fopen("../shared/rfc/INDEX.tsv", "r");\n')
    (tmp_path / "b.cmake").write_text("set(D ${CMAKE_SOURCE_DIR}/../../shared)\n")
    (tmp_path / "c.py").write_text('p = "/work/shared/topologies/Kdl.graphml"\n')
    (tmp_path / "d.yaml").write_text("topology: data/topologies/Kdl.graphml  # shared links\n")
    os.makedirs(tmp_path / "data")
    (tmp_path / "data/README.md").write_text("Copied from ../shared/rfc.\n")
    files = ["a.c", "b.cmake", "c.py", "d.yaml", "data/README.md"]
    hits = outside_refs(str(tmp_path), files)
    assert [(p, n) for p, n, _ in hits] == [("a.c", 2), ("b.cmake", 1), ("c.py", 1)]


# ---- ci/setup and ci/demo on a broken build ----

GOOD = r'''#include <stdio.h>
int main(void) { FILE *f = fopen("stale-binary-ran", "w"); if (f) fclose(f); return 0; }
'''
BROKEN = "int main(void) { return this_is_not_declared_anywhere; }\n"
CMAKE = '''cmake_minimum_required(VERSION 3.18)
project(fake C)
option(ALTOSPEC_SANITIZE "unused here" OFF)
add_executable(altospec main.c)
'''


def fake_checkout(root, tmp_path):
    os.makedirs(tmp_path / "ci")
    for s in ("setup", "demo"):
        shutil.copy(os.path.join(root, "ci", s), tmp_path / "ci" / s)
    (tmp_path / "CMakeLists.txt").write_text(CMAKE)
    (tmp_path / "main.c").write_text(GOOD)
    return tmp_path


def script(tmp, name):
    env = {k: v for k, v in os.environ.items() if k not in ("BUILD_DIR", "SANITIZE", "BUILD_TYPE", "CC", "CXX")}
    return subprocess.run(["bash", str(tmp / "ci" / name)], cwd=tmp, env=env,
                          capture_output=True, text=True, timeout=300)


def test_setup_fails_and_demo_does_not_run_a_stale_binary(root, tmp_path):
    tmp = fake_checkout(root, tmp_path)
    r = script(tmp, "setup")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "ci/setup: built build/altospec" in r.stdout
    assert os.access(tmp / "build/altospec", os.X_OK)

    # Break the source; the binary of the good build stays in build/.
    (tmp / "main.c").write_text(BROKEN)
    future = time.time() + 2         # newer than the object, whatever the clock's grain
    os.utime(tmp / "main.c", (future, future))
    r = script(tmp, "setup")
    assert r.returncode != 0, r.stdout + r.stderr
    assert "ci/setup: build failed (build)" in r.stderr
    assert "this_is_not_declared_anywhere" in r.stderr      # the compiler's message, on stderr
    assert "built build/altospec" not in r.stdout
    assert os.access(tmp / "build/altospec", os.X_OK)       # the stale binary is there ...

    r = script(tmp, "demo")
    assert r.returncode != 0, r.stdout + r.stderr
    assert "this_is_not_declared_anywhere" in r.stderr
    assert not os.path.exists(tmp / "stale-binary-ran")    # ... and was not run
    assert "HTML report" not in r.stdout


def test_setup_fails_when_configuring_fails(root, tmp_path):
    tmp = fake_checkout(root, tmp_path)
    (tmp / "CMakeLists.txt").write_text(CMAKE + "message(FATAL_ERROR \"configure-breaks-here\")\n")
    r = script(tmp, "setup")
    assert r.returncode != 0
    assert "configure-breaks-here" in r.stderr and "ci/setup: configuring build failed" in r.stderr
    assert not os.path.exists(tmp / "build/altospec")

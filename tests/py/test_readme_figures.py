"""README.md's measured figures agree with fresh runs: tools/readme_figures
--check reruns Demo 1, the six IETF 113 flows and Demo 2 and looks for each
figure's sentence or table row, filled in with the new numbers, in the
README.  A sanitizer build skips the ns-3 figures (ten times slower there)
and checks the rest."""
import os
import subprocess


def sanitized(altospec):
    with open(altospec, "rb") as f:
        return b"__asan_init" in f.read()


def test_readme_figures_match_fresh_runs(altospec, root):
    env = dict(os.environ, ALTOSPEC_BIN=altospec)
    if sanitized(altospec):
        env["READMEFIG_NO_NS3"] = "1"
    r = subprocess.run(["/usr/bin/python3", os.path.join(root, "tools/readme_figures"), "--check",
                        os.path.join(root, "README.md")], capture_output=True, text=True, timeout=900, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "demo1-speedup: ALTO bandwidth is" in r.stdout and "[in README]" in r.stdout


def test_check_fails_when_the_readme_disagrees(altospec, root, tmp_path):
    text = open(os.path.join(root, "README.md")).read()
    i = text.index("ALTO bandwidth is ") + len("ALTO bandwidth is ")
    j = text.index("x faster than ALTO latency on Demo 1", i)
    wrong = tmp_path / "README.md"
    wrong.write_text(text[:i] + "9.99" + text[j:])
    env = dict(os.environ, ALTOSPEC_BIN=altospec, READMEFIG_NO_NS3="1")
    r = subprocess.run(["/usr/bin/python3", os.path.join(root, "tools/readme_figures"), "--check", str(wrong)],
                       capture_output=True, text=True, timeout=300, env=env)
    assert r.returncode == 1
    assert "demo1-speedup" in r.stdout and "[NOT in README]" in r.stdout

"""`cmake --install`: the binary, altospec(1) and the data files, into a
temporary prefix from the build tree of the binary under test.  The man
page holds every --help text word for word (it is made from them), and the
installed binary finds its data files beside itself (a conformance
requirement list, the Mininet driver) when run from elsewhere."""
import os
import re
import shutil
import subprocess

import pytest


@pytest.fixture(scope="module")
def prefix(altospec, tmp_path_factory):
    build = os.path.dirname(os.path.abspath(altospec))
    if not os.path.isfile(os.path.join(build, "CMakeCache.txt")):
        pytest.skip(f"{altospec} is not in a CMake build tree")
    p = tmp_path_factory.mktemp("prefix")
    r = subprocess.run(["cmake", "--install", build, "--prefix", str(p)], capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    return p


def unroff(text):
    """The .nf blocks of the man page as plain text."""
    text = text.replace("\\e", "\\").replace("\\&", "")
    return "\n".join(re.findall(r"^\.nf\n(.*?)^\.fi$", text, re.S | re.M))


def test_installed_files(prefix):
    assert os.access(prefix / "bin" / "altospec", os.X_OK)
    assert (prefix / "share" / "man" / "man1" / "altospec.1").is_file()
    for rel in ("scenarios/ietf113/d1.yaml", "scenarios/ietf113/topology.yaml",
                "scenarios/conformance/rfc7285-requirements.yaml", "mininet/driver.py", "mininet/net.py"):
        assert (prefix / "share" / "altospec" / rel).is_file(), rel


def test_man_page_is_the_help_text(prefix):
    bin_ = str(prefix / "bin" / "altospec")
    page = open(prefix / "share" / "man" / "man1" / "altospec.1").read()
    assert page.startswith(".TH ALTOSPEC 1")
    body = unroff(page)
    top = subprocess.run([bin_, "--help"], capture_output=True, text=True, timeout=30).stdout
    assert top in body
    cmds = re.findall(r"^  ([a-z]+) ", top, re.M)
    assert {"run", "conform", "serve", "report", "matrix", "merge", "validate"} <= set(cmds)
    for c in cmds:
        h = subprocess.run([bin_, c, "--help"], capture_output=True, text=True, timeout=30)
        assert h.returncode == 0 and h.stdout and h.stdout in body, c
        assert f".SS altospec {c}\n" in page
    if shutil.which("man"):
        r = subprocess.run(["man", "-l", "-P", "cat", str(prefix / "share/man/man1/altospec.1")],
                           capture_output=True, text=True, timeout=60, env=dict(os.environ, MANWIDTH="100"))
        assert r.returncode == 0 and "--report-dir" in r.stdout


def test_installed_binary_finds_its_data(prefix, tmp_path):
    bin_ = str(prefix / "bin" / "altospec")
    r = subprocess.run([bin_, "conform", "--list", "--coverage"], capture_output=True, text=True, timeout=60,
                       cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "== rfc7285" in r.stdout
    share = prefix / "share" / "altospec" / "scenarios" / "ietf113"
    r = subprocess.run([bin_, "run", str(share / "d1.yaml"), "--quiet", "--report-dir", str(tmp_path / "o")],
                       capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert r.returncode == 0, r.stderr

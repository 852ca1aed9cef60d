"""Every `altospec ...` command example printed in README.md runs as
printed and exits as documented.

Examples are the lines of the README's code blocks that start with
`altospec ` or `$ altospec ` and are not synopses (a synopsis has
[optional] parts or an uppercase placeholder other than URL).  The only
substitution is the server: `URL` and `http://alto.example:8181/directory`
become the reference server's IRD (`altospec serve` on port 0), and a
`serve` example listens on port 0 instead of 8181 (the `curl` lines
printed with it are run against that port).  The expected exit status is
written after `# exit N` on the line; 0 otherwise.  Each runs in a
temporary directory that holds the repository's data folders, so the
relative paths of the README work and whatever an example writes (out/)
stays out of the checkout."""
import os
import re
import shlex
import subprocess

from conf_helpers import RefServer

PLACEHOLDER_URL = "http://alto.example:8181/directory"
SYNOPSIS_WORDS = {"FILE", "FILE...", "SCENARIO", "DIR", "COMMAND", "IRD_URL", "BYTES", "GLOB", "SECONDS", "N", "F"}


def _complete(shell_line):
    try:
        shlex.split(shell_line)
        return True
    except ValueError:          # an open quote: the command goes on
        return False


def readme_examples(root):
    text = open(os.path.join(root, "README.md")).read()
    out = []
    for block in re.findall(r"```[a-z]*\n(.*?)```", text, re.S):
        lines = block.splitlines()
        for i, line in enumerate(lines):
            cmd = line[2:] if line.startswith("$ ") else line
            if not cmd.startswith("altospec "):
                continue
            code, comment = (cmd.split("#", 1) + [""])[:2] if " #" in cmd else (cmd, "")
            words = shlex.split(code)
            if any(w.startswith("[") for w in words) or SYNOPSIS_WORDS & set(words):
                continue
            m = re.search(r"exit (\d)", comment)
            curls = []
            j = i + 1          # shell lines printed after a serve example
            while j < len(lines) and not lines[j].startswith("$ altospec"):
                if not lines[j].startswith("$ curl"):      # printed output
                    j += 1
                    continue
                c = lines[j][2:]
                while (c.endswith("\\") or not _complete(c)) and j + 1 < len(lines):
                    j += 1
                    c = (c[:-1] if c.endswith("\\") else c + "\n") + lines[j]
                curls.append(c)
                j += 1
            out.append((code.strip(), int(m.group(1)) if m else 0, curls))
    return out


def workdir(root, tmp_path):
    for d in ("scenarios", "data"):
        os.symlink(os.path.join(root, d), tmp_path / d)
    return tmp_path


def run_example(altospec, code, url, cwd):
    words = shlex.split(code)
    words = [url if w in ("URL", PLACEHOLDER_URL) else w for w in words]
    p = subprocess.run([altospec] + words[1:], capture_output=True, text=True, cwd=cwd, timeout=120)
    return p


def test_readme_examples_run_as_documented(altospec, root, tmp_path):
    examples = readme_examples(root)
    conform = [e for e in examples if e[0].startswith("altospec conform")]
    assert len(conform) >= 4, examples
    cwd = workdir(root, tmp_path)
    with RefServer(altospec, os.path.join(root, "scenarios", "ietf113", "topology.yaml")) as srv:
        for code, want, _ in examples:
            if code.startswith("altospec serve"):
                continue
            p = run_example(altospec, code, srv.ird, cwd)
            assert p.returncode == want, f"{code}: exit {p.returncode}, README says {want}\n{p.stdout[-2000:]}{p.stderr}"
    # The first example's report files exist where it put them.
    assert (tmp_path / "out" / "conf" / "report.json").exists()
    assert (tmp_path / "out" / "conf" / "junit.xml").read_text().startswith("<?xml")


def test_readme_serve_example_and_its_curl_lines(altospec, root, tmp_path):
    serves = [e for e in readme_examples(root) if e[0].startswith("altospec serve")]
    assert serves, "README shows no altospec serve example"
    cwd = workdir(root, tmp_path)
    for code, want, curls in serves:
        words = shlex.split(code)[1:] + ["--listen", "127.0.0.1:0"]
        p = subprocess.Popen([altospec] + words, cwd=cwd,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            line = p.stdout.readline()
            assert "serving ALTO on http://127.0.0.1:" in line, line + p.stderr.read()
            hostport = line.split("http://", 1)[1].split("/", 1)[0]
            assert curls, code
            for c in curls:
                c = c.replace("127.0.0.1:8181", hostport)
                r = subprocess.run(shlex.split(c), capture_output=True, text=True, timeout=30)
                assert r.returncode == 0 and r.stdout.lstrip().startswith("{"), (c, r.stdout, r.stderr)
        finally:
            p.terminate()
            p.wait(10)
            p.stdout.close()
            p.stderr.close()
        assert want == 0

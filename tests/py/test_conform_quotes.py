"""The requirement each case quotes is the RFC's own words: every quoted
piece of every case row (rfc7285, rfc8189, rfc9274, rfc9275 and rfc9439 suites) and of all
requirement lists (scenarios/conformance/rfc*-requirements.yaml) is
found verbatim in data/rfc/ (whitespace and the RFC's line wrapping
aside).  "[...]" elides; "[x]" annotates (another section,
another RFC, a paraphrase of a table row) and switches the RFC quoted
when it names one ("[RFC 7285 ...]", "[10.5, as updated by RFC 9274]")."""
import os
import re
import subprocess

import yaml

RFCS = ("7285", "8189", "9274", "9275", "9439")
# The texts in data/rfc/ by RFC number: RFC 9439 is its approved draft.
FILES = {"9439": "rfc9439-draft28.txt"}


def _normalized(path):
    text = open(path).read()
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)           # markdown links
    text = text.replace("**", "")
    text = re.sub(r"\n\n\n+.*?\[Page \d+\]\n\f?\n(?:RFC \d+|Internet-Draft) .*?\n", "\n", text)   # page breaks
    text = re.sub(r"(\S[-/])\n\s+(?=\S)", r"\1", text)              # words wrapped at - or /
    if path.endswith("rfc9274.txt"):
        text = text.replace("[", "").replace("]", "")     # its marks around the changed words
    return re.sub(r"\s+", " ", text)


def _segments(quote, default):
    out, src = [], default
    for piece in re.split(r"(\[(?!RFC\d+\])[^\]]*\])", quote):    # "[RFC2387]" is the RFC's own
        if piece == "[...]":
            continue
        if piece.startswith("["):
            m = re.search(r"RFC (\d+)", piece)
            src = m.group(1) if m else default if re.match(r"\[\d", piece) else src
            continue
        piece = piece.strip()
        if piece and not re.fullmatch(r"[\s.,;:]*", piece):
            out.append((src, re.sub(r"\s+", " ", piece)))
    return out


def _quoted(text, piece):
    if piece in text:
        return True
    parts = piece.split(": ", 1)        # a table row quoted as "NAME: description"
    return len(parts) == 2 and parts[0].isupper() and all(p.strip() in text for p in parts)


def _rows(altospec, suite, tmp):
    """(id, quote) of every case of a suite: the report of a run against
    the embedded server has every row's requirement text."""
    d = os.path.join(tmp, suite)
    subprocess.run([altospec, "conform", "--suite", suite, "--quiet", "--report-dir", d], capture_output=True,
                   text=True, timeout=120)
    import json
    rep = json.load(open(os.path.join(d, "report.json")))
    return [(r["id"], r["requirement"]) for r in rep["results"]]


def test_case_quotes_are_the_rfc_words(altospec, data, root, tmp_path):
    texts = {n: _normalized(os.path.join(data, "rfc", FILES.get(n, f"rfc{n}.txt"))) for n in RFCS}
    quotes = []
    for suite in ("rfc7285", "rfc8189", "rfc9274", "rfc9275", "rfc9439"):
        rows = _rows(altospec, suite, str(tmp_path))
        listed = subprocess.run([altospec, "conform", "--suite", suite, "--list"], capture_output=True,
                                text=True).stdout.split()
        assert sorted(i for i, _ in rows) == sorted(w for w in listed if w.startswith(suite + "/"))
        quotes += [(i, suite[3:], q) for i, q in rows]
    for rfc in ("7285", "8189", "9274", "9275", "9439"):
        name = f"rfc{rfc}-requirements.yaml"
        reqs = yaml.safe_load(open(os.path.join(root, "scenarios", "conformance", name)))
        quotes += [(f"{name} {q['section']}", rfc, q["text"]) for q in reqs["requirements"]]
    bad = [(who, src, p) for who, default, q in quotes for src, p in _segments(q, default)
           if not _quoted(texts[src], p)]
    assert bad == [], "\n".join(f"{w} (RFC {s}): {p}" for w, s, p in bad)


def test_quote_checker_catches_a_changed_word(data):
    texts = {n: _normalized(os.path.join(data, "rfc", f"rfc{n}.txt")) for n in ("7285", "9275")}
    assert _quoted(texts["7285"], "The media type for an ALTO error response is \"application/alto-error+json\".")
    assert not _quoted(texts["7285"], "The media type for an ALTO error response MUST be \"application/alto-error+json\".")
    assert not _quoted(texts["9275"], "An ALTO server SHOULD offer this cost type if it supports the extension")

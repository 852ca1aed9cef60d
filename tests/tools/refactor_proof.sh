#!/usr/bin/env bash
# tests/tools/refactor_proof.sh BEFORE_BIN AFTER_BIN: the reports of the
# same runs made by two altospec binaries (e.g. main before a refactoring,
# built in its own build dir, and the branch) must be the same apart from
# evidence ordering (tests/tools/cmp_reports.py).  Runs: `altospec
# conform` against the embedded reference server, against the clean fault
# server (tests/py/faultserver.py, with and without --pv), and Demo 1
# (scenarios/ietf113/d1.yaml).  Exit 0 when every pair is the same.
#   env: PROOF_TREE  the checkout whose fault server and Demo 1 scenario
#        are used (default: this one).  To prove an old step (a merge
#        against its first parent), give the before side's checkout: its
#        fault server and scenario are what both binaries knew.
#        PROOF_KEEP=DIR  keep the reports there.
set -uo pipefail
cd "$(dirname "$0")/../.."
B=$1 A=$2
T=${PROOF_TREE:-$PWD}
tmp=${PROOF_KEEP:-$(mktemp -d)}
mkdir -p "$tmp"
fs= fspv=
trap 'kill $fs $fspv 2>/dev/null; [ -n "${PROOF_KEEP:-}" ] || rm -rf "$tmp"' EXIT
# The fault server prints its port first; reading the fifo waits for it.
mkfifo "$tmp/p1" "$tmp/p2"
/usr/bin/python3 "$T/tests/py/faultserver.py" --port 0 > "$tmp/p1" & fs=$!
read -r port < "$tmp/p1"
/usr/bin/python3 "$T/tests/py/faultserver.py" --port 0 --pv > "$tmp/p2" & fspv=$!
read -r pvport < "$tmp/p2"
rc=0
run() {  # label, args...
  local label=$1; shift
  for side in before after; do
    local bin=$B; [ $side = after ] && bin=$A
    "$bin" "$@" --quiet --report-dir "$tmp/$label-$side" >/dev/null 2>"$tmp/$label-$side.err"
    echo "$?" > "$tmp/$label-$side.rc"
  done
  if ! cmp -s "$tmp/$label-before.rc" "$tmp/$label-after.rc"; then
    echo "$label: exit $(cat "$tmp/$label-before.rc") before, $(cat "$tmp/$label-after.rc") after"; rc=1
    tail -n 3 "$tmp/$label-before.err" "$tmp/$label-after.err" | sed "s#$tmp/##g"
  fi
  echo -n "$label (exit $(cat "$tmp/$label-after.rc")): "
  /usr/bin/python3 tests/tools/cmp_reports.py "$tmp/$label-before/report.json" "$tmp/$label-after/report.json" \
    | sed "s#$tmp/##g" || rc=1
}
run reference conform
run faultserver-clean conform "http://127.0.0.1:$port/directory"
run faultserver-clean-pv conform "http://127.0.0.1:$pvport/directory"
run demo1 run "$T/scenarios/ietf113/d1.yaml"
exit $rc

#!/usr/bin/env bash
# ci/bench.d/18-server-propmap.sh: the RFC 9240 filtered property map of
# the reference server on a production-size network map (issue 14): 1,000
# IPv4 entities asked against 100,000 prefixes, with a same-run baseline,
# and the engine's validation time of that answer.  A benchmark, not a
# test: it prints figures and whether the target is met; it fails (exit 2)
# only when it cannot run.
#
# Setup: a generated topology of 100 hosts and 100 PIDs of 1,000 /24
# prefixes each (10.0.0.0/24 ... 11.134.159.0/24) with asn and country
# PID properties, `altospec serve --property-map --quiet`, wrk by the
# shared driver (lib-wrk.sh: 2 threads, 32 connections, 5 s each).
# Measured: POST /propmap/lookup/entities, 1,000 addresses spread over the
# prefixes, properties .asn, .country and default-network-map.pid (each
# value found by binary search and a walk up the prefix parents,
# srv_upm.c).  Baselines, same run: POST /networkmap/filtered of one PID
# (1,000 prefixes: an answer of similar size) and GET /directory.
# Then `altospec conform --validate-file propmap` on the answer (the
# engine's validators, parse included) and the time of the whole rfc9240
# suite against this server.
# Target: the filtered property map >= 0.5x the filtered network map rate.
#   env: ALTOSPEC_BIN (default build/altospec), BENCH_SECONDS (5),
#        BENCH_CONNECTIONS (32), BENCH_THREADS (2)
set -euo pipefail
cd "$(dirname "$0")/../.."
. ci/bench.d/lib-wrk.sh
wrk_init propmap
/usr/bin/python3 - "$tmp/topo.yaml" "$tmp/body.json" <<'PY'
import json, sys
n_pid, per = 100, 1000
with open(sys.argv[1], "w") as f:
    f.write("name: propmap100k\nhosts:\n")
    for i in range(n_pid):
        f.write(f"  - {{name: h{i}, ipv4: 172.16.{i // 250}.{i % 250 + 1}, properties: {{site: s{i % 7}}}}}\n")
    f.write("switches: [core]\nlinks:\n")
    for i in range(n_pid):
        f.write(f"  - {{a: h{i}, b: core, bandwidth: 1Gbps, delay: {1 + i % 5}ms}}\n")
    f.write("pids:\n")
    for i in range(n_pid):
        base = 10 * 65536 + i * per
        pf = ", ".join(f"{(a >> 16)}.{(a >> 8) & 255}.{a & 255}.0/24" for a in range(base, base + per))
        country = "FR" if i % 2 else "CH"
        f.write(f"  - {{name: pid-h{i}, hosts: [h{i}], prefixes: [{pf}], "
                f"properties: {{asn: {64500 + i}, country: {country}}}}}\n")
ents = []
for k in range(1000):
    a = 10 * 65536 + k * (n_pid * per // 1000)
    ents.append(f"ipv4:{a >> 16}.{(a >> 8) & 255}.{a & 255}.{7 + k % 200}")
json.dump({"entities": ents, "properties": [".asn", ".country", "default-network-map.pid"]},
          open(sys.argv[2], "w"))
PY
WRK_START_TENTHS=1200 wrk_serve --property-map

lua_post() {   # $1 file, $2 content type, $3 body file
  { echo 'wrk.method = "POST"'
    echo "wrk.headers[\"Content-Type\"] = \"$2\""
    printf 'wrk.body = [[%s]]\n' "$(cat "$3")"; } >"$1"
}
echo '{"pids":["pid-h0"]}' >"$tmp/nm.json"
lua_post "$tmp/pm.lua" application/alto-propmapparams+json "$tmp/body.json"
lua_post "$tmp/nm.lua" application/alto-networkmapfilter+json "$tmp/nm.json"

# Each request must succeed, and be the size it should, before it is timed.
code=$(curl -s -o "$tmp/answer.json" -w '%{http_code}' -H "Content-Type: application/alto-propmapparams+json" \
  --data-binary @"$tmp/body.json" "$base/propmap/lookup/entities")
[ "$code" = 200 ] || { echo "propmap bench: POST answered $code: $(head -c 300 "$tmp/answer.json")" >&2; exit 2; }
n=$(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["property-map"]; print(sum(len(v) == 3 for v in d.values()))' "$tmp/answer.json")
[ "$n" = 1000 ] || { echo "propmap bench: $n of 1000 entities have their 3 properties" >&2; exit 2; }
code=$(curl -s -o "$tmp/nm-answer.json" -w '%{http_code}' -H "Content-Type: application/alto-networkmapfilter+json" \
  --data-binary @"$tmp/nm.json" "$base/networkmap/filtered")
[ "$code" = 200 ] || { echo "propmap bench: filtered network map answered $code" >&2; exit 2; }

run() {   # $1 label, $2 path, $3 lua (optional)
  wrk_measure "$2" "${3:-}"
  local ratio=""
  [ -n "${base_rps:-}" ] && ratio=$(awk -v r="$wrk_rps" -v b="$base_rps" 'BEGIN {printf "%.2fx baseline", r / b}')
  printf '  %-50s %10s req/s   p99 %8s   %s%s\n' "$1" "$wrk_rps" "$wrk_p99" "$ratio" "${wrk_errs:+   errors: $wrk_errs}"
  last_rps=$wrk_rps
}
echo "  propmap: $THREADS wrk threads, $CONNS connections, ${SECS}s each; 100,000 prefixes in 100 PIDs"
printf '  answers: filtered property map %s bytes, filtered network map %s bytes\n' \
  "$(wc -c <"$tmp/answer.json")" "$(wc -c <"$tmp/nm-answer.json")"
base_rps=
run "POST /networkmap/filtered 1 PID (baseline)" /networkmap/filtered "$tmp/nm.lua"
base_rps=$last_rps
run "GET /directory" /directory
run "POST /propmap/lookup/entities 1,000 entities" /propmap/lookup/entities "$tmp/pm.lua"
pm_rps=$last_rps
"$BIN" conform --validate-file propmap "$tmp/answer.json" | sed -n 's/^.*: \(valid.*\)$/  engine: --validate-file propmap: \1/p'
t0=$(date +%s.%N)
"$BIN" conform --suite rfc9240 --quiet --report-dir "$tmp/rep" "$base/directory" | tail -1 | sed 's/^/  engine: /'
t1=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" 'BEGIN {printf "  engine: the rfc9240 suite against this server in %.2f s (wall)\n", b - a}'
if awk -v r="$pm_rps" -v b="$base_rps" 'BEGIN {exit !(r >= 0.5 * b)}'; then
  echo "  propmap: target >= 0.5x the filtered network map rate: met"
else
  echo "  propmap: target >= 0.5x the filtered network map rate: BELOW"
fi
exit 0

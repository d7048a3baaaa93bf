#!/usr/bin/env bash
# Reproducible peak-memory benchmark: `ospo-gate check --offline` on synthetic package-lock.json files of
# 10,000 to 100,000 packages (about 215 bytes each, the shape of a real npm v3 lockfile entry), and on the
# 200 MB / 1,000,000-package lockfile that the default size limit skips. Peak resident memory and wall time come
# from GNU time (Debian package `time`). Results go to memory-results.md.
#
#   scripts/memory.sh [SIZES...]     # default: 10000 50000 100000 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 50000 100000 1000000)
[ -x /usr/bin/time ] || { echo "install GNU time (apt-get install time)"; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "building ospo-gate ..."
CGO_ENABLED=0 go build -trimpath -o "$work/ospo-gate" .

# lockfile N FILE writes a lockfileVersion 3 package-lock.json declaring N MIT packages.
lockfile() {
  awk -v n="$1" 'BEGIN {
    printf "{\"name\": \"big\", \"version\": \"1.0.0\", \"lockfileVersion\": 3, \"requires\": true, \"packages\": {\n"
    printf "  \"\": {\"name\": \"big\", \"version\": \"1.0.0\", \"license\": \"MIT\"}"
    for (i = 0; i < n; i++) {
      printf ",\n  \"node_modules/pkg-%07d\": {\"version\": \"1.0.%d\", \"resolved\": \"https://registry.npmjs.org/pkg-%07d/-/pkg-%07d-1.0.%d.tgz\", \"integrity\": \"sha512-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\", \"license\": \"MIT\"}", i, i % 100, i, i, i % 100
    }
    printf "\n}}\n"
  }' > "$2"
}

out=memory-results.md
{
  echo "# ospo-gate peak memory on synthetic lockfiles ($(date -u +%F), $(nproc) cores, $(go env GOVERSION))"
  echo
  echo "| packages | lockfile | exit | wall time | peak RSS | RSS per package |"
  echo "|---:|---:|---:|---:|---:|---:|"
} > "$out"
for n in "${sizes[@]}"; do
  dir="$work/lock-$n"
  mkdir -p "$dir"
  lockfile "$n" "$dir/package-lock.json"
  bytes=$(stat -c %s "$dir/package-lock.json")
  set +e
  /usr/bin/time -f "%e %M" -o "$work/time" "$work/ospo-gate" check --offline --format json "$dir" > "$work/report.json" 2> "$work/stderr"
  code=$?
  set -e
  read -r secs kib < "$work/time"
  per="$((kib / n)) KiB"
  if grep -q 'over the [0-9]*-byte limit' "$work/report.json"; then per="skipped: over paths.max-file-mib"; fi
  printf '| %d | %d MB | %d | %s s | %d MiB | %s |\n' "$n" $((bytes / 1000000)) "$code" "$secs" $((kib / 1024)) "$per" >> "$out"
  echo "$n packages: exit $code, ${secs}s, $((kib / 1024)) MiB"
  rm -rf "$dir"
done
echo "wrote $out"

#!/usr/bin/env bash
# Reproducible side-by-side benchmark: `ospo-gate check` against `syft scan dir:` (syft CLI v1.57.1) on every
# directory of ../shared/corpus, offline, with hyperfine (Debian package `hyperfine`).
#
#   scripts/bench.sh [RUNS]          # default 5 runs per command after 1 warm-up
#
# Both tools get the same conditions: no network (syft's remote license lookups are off by default; ospo-gate
# runs with --offline), an empty Go module cache (GOMODCACHE=/nonexistent) so neither reads licenses from this
# machine's cache, and output to /dev/null. Results go to bench-results.md.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
corpus="../shared/corpus"
bin="$(mktemp -d)"
trap 'rm -rf "$bin"' EXIT

command -v hyperfine >/dev/null || { echo "install hyperfine (apt-get install hyperfine)"; exit 2; }
echo "building ospo-gate and syft v1.57.1 ..."
CGO_ENABLED=0 go build -trimpath -o "$bin/ospo-gate" .
GOBIN="$bin" CGO_ENABLED=0 go install -trimpath github.com/anchore/syft/cmd/syft@v1.57.1

export GOMODCACHE=/nonexistent SYFT_CHECK_FOR_APP_UPDATE=false
out=bench-results.md
{
  echo "# ospo-gate check vs syft scan dir: ($(date -u +%F), $(nproc) cores, $runs runs)"
  echo
} > "$out"
for d in "$corpus"/*/; do
  name=$(basename "$d")
  hyperfine --warmup 1 --runs "$runs" --ignore-failure --export-markdown /tmp/bench-$name.md \
    -n "ospo-gate $name" "$bin/ospo-gate check --offline --format json $d > /dev/null" \
    -n "syft $name" "$bin/syft scan dir:$d -o syft-json -q > /dev/null"
  cat /tmp/bench-$name.md >> "$out"
  echo >> "$out"
done
echo "wrote $out"

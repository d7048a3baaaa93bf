#!/usr/bin/env bash
# Runs every native Go fuzz target of the module, one at a time, and reports each: package, target, execs,
# elapsed time, new interesting inputs, result. Exits non-zero when a target fails (a crasher, a failing seed)
# or a package's tests do not build.
#
#   scripts/fuzz.sh                          # every target, FUZZTIME each (default 2s)
#   FUZZTIME=30s FUZZ_SUMMARY=fuzz.tsv scripts/fuzz.sh
#
# Environment:
#   FUZZTIME       -fuzztime per target: a duration (2s) or a count of execs (1000x). Default 2s.
#   FUZZ_PARALLEL  fuzzing workers per target (-parallel). Default 1.
#   FUZZ_PACKAGES  package patterns to look in. Default ./...
#   FUZZ_MATCH     extended regexp on "package.Target" (e.g. 'action\.' or 'FuzzParse'). Default: all.
#   FUZZ_SUMMARY   write a TSV summary to this file.
#   FUZZ_CACHEDIR  where the fuzzing engine keeps the inputs it found, per package. Default $(go env GOCACHE)/fuzz,
#                  as go test uses; point it at an empty directory to start from the seeds alone.
#   FUZZ_MINIMIZETIME  -fuzzminimizetime: how long to minimize an input that widens coverage. Default 5s: go
#                  test's 60s lets one new input of a large seed (a POM, an event payload) take a whole short run.
#   FUZZ_TIMEOUT   -timeout per target. Default 10m.
#   FUZZ_LOGDIR    keep each target's output here (default: a temporary directory, removed at exit).
#
# Each package's test binary is built once with fuzzing instrumentation (go test -c -fuzz=.) and run in the
# package's directory once per target with the go test flags -run '^$' -fuzz '^Name$' -fuzztime -parallel
# -fuzzminimizetime, as `go test -fuzz` would run it (go test relinks the test binary per run, which for the
# packages that import syft costs more than a short fuzz run). A failing input is written, as by go test, to <package>/testdata/fuzz/<Target>/<hash>;
# the script names that file and the command that replays it. Only commit such a file as a regression seed,
# together with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."

fuzztime="${FUZZTIME:-2s}"
parallel="${FUZZ_PARALLEL:-1}"
match="${FUZZ_MATCH:-.}"
summary="${FUZZ_SUMMARY:-}"
timeout="${FUZZ_TIMEOUT:-10m}"
minimizetime="${FUZZ_MINIMIZETIME:-5s}"
cachedir="${FUZZ_CACHEDIR:-$(go env GOCACHE)/fuzz}"
read -r -a patterns <<<"${FUZZ_PACKAGES:-./...}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
logdir="${FUZZ_LOGDIR:-$work/logs}"
mkdir -p "$logdir"
root="$(pwd)"
module="$(go list -m)"

now() { date +%s%N; }
seconds() { awk -v ns="$1" 'BEGIN { printf "%.1f", ns / 1e9 }'; }

if [ -n "$summary" ]; then
  printf 'package\ttarget\tfuzztime\telapsed_s\texecs\tnew_interesting\tcorpus_total\tresult\tdetail\tcrasher\n' >"$summary"
fi
printf '%-22s %-24s %9s %11s %8s  %s\n' package target elapsed execs new result

failed=0 ntargets=0 total_execs=0 total_new=0
start_all="$(now)"

# Packages whose test files declare a fuzz function; the test binary's -test.list has the last word.
while IFS=$'\t' read -r -u 3 ip dir files; do
  read -r -a tests <<<"$files"
  [ "${#tests[@]}" -gt 0 ] || continue
  short="${ip#"$module"/}"
  # Build only packages with a fuzz function the match selects.
  wanted=0
  while read -r name; do
    if echo "$short.$name" | grep -Eq -- "$match"; then wanted=1; fi
  done < <(cd "$dir" && grep -ho '^func Fuzz[A-Za-z0-9_]*' "${tests[@]}" | sed 's/^func //')
  [ "$wanted" = 1 ] || continue
  bin="$work/$(echo "$short" | tr '/' '_').test"
  t0="$(now)"
  if ! go test -c -fuzz=. -o "$bin" "$ip" >"$logdir/$(basename "$bin").build.log" 2>&1; then
    printf '%-22s %-24s %9s %11s %8s  %s\n' "$short" "(build)" - - - "FAIL: the tests do not build"
    sed 's/^/    /' "$logdir/$(basename "$bin").build.log" | head -20
    failed=$((failed + 1))
    [ -z "$summary" ] || printf '%s\t(build)\t%s\t0\t0\t0\t0\tFAIL\tthe tests do not build\t\n' "$short" "$fuzztime" >>"$summary"
    continue
  fi
  printf '%-22s %-24s %8ss\n' "$short" "(test binary built)" "$(seconds "$(($(now) - t0))")"
  mapfile -t targets < <(cd "$dir" && { "$bin" -test.list '^Fuzz' | grep '^Fuzz' || true; })
  for t in "${targets[@]}"; do
    echo "$short.$t" | grep -Eq -- "$match" || continue
    ntargets=$((ntargets + 1))
    log="$logdir/$(echo "$short" | tr '/' '_').$t.log"
    t0="$(now)"
    rc=0
    (cd "$dir" && "$bin" -test.run '^$' -test.fuzz "^$t\$" -test.fuzztime "$fuzztime" -test.parallel "$parallel" \
      -test.fuzzminimizetime "$minimizetime" -test.timeout "$timeout" -test.fuzzcachedir "$cachedir/$ip") >"$log" 2>&1 || rc=$?
    elapsed="$(seconds "$(($(now) - t0))")"
    execs="$(grep -oE 'execs: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || true)"
    new="$(grep -oE 'new interesting: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || true)"
    corpus="$(grep -oE '\(total: [0-9]+\)' "$log" | tail -1 | grep -oE '[0-9]+' || true)"
    baseline="$(grep -oE 'baseline coverage: [0-9]+/[0-9]+' "$log" | tail -1 | grep -oE '[0-9]+/[0-9]+' || true)"
    crasher="$(grep -oE 'Failing input written to [^ ]+' "$log" | tail -1 | sed 's/^Failing input written to //' || true)"
    result=PASS
    if [ "$rc" != 0 ] && [ -z "$crasher" ] && grep -Eq '^ +context deadline exceeded$' "$log" &&
      ! grep -q -- '--- FAIL: .*/' "$log" &&
      (cd "$dir" && "$bin" -test.run "^$t\$" -test.timeout "$timeout") >>"$log" 2>&1; then
      # Go's fuzzing coordinator can report its own -fuzztime deadline as a failure (go.dev/issue/75804, fixed
      # in Go 1.27): no input failed, and the seeds and testdata corpus replay cleanly.
      rc=0
      result="PASS (coordinator deadline race, go.dev/issue/75804; seeds replayed)"
    fi
    if [ "$rc" != 0 ]; then
      failed=$((failed + 1))
      if [ -n "$crasher" ]; then
        crasher="${dir#"$root"/}/$crasher"
        result="FAIL: crasher $crasher"
      elif grep -q -- '--- FAIL: .*#' "$log"; then
        result="FAIL: a seed input fails"
      else
        result="FAIL (exit $rc)"
      fi
    elif [ -z "$execs" ]; then
      result="PASS (only the seeds ran: baseline ${baseline:-?})"
    fi
    total_execs=$((total_execs + ${execs:-0}))
    total_new=$((total_new + ${new:-0}))
    printf '%-22s %-24s %8ss %11s %8s  %s\n' "$short" "$t" "$elapsed" "${execs:-0}" "${new:-0}" "$result"
    if [ "$rc" != 0 ]; then
      sed -n '/--- FAIL/,$p' "$log" | grep -v '^fuzz: elapsed' | head -40 | sed 's/^/    /'
      if [ -n "$crasher" ]; then
        echo "    input ($crasher):"
        head -c 2000 "$crasher" | sed 's/^/      /'
        echo
        echo "    replay: go test -run '^$t/$(basename "$crasher")\$' ./$short"
      fi
    fi
    if [ -n "$summary" ]; then
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$short" "$t" "$fuzztime" "$elapsed" "${execs:-0}" "${new:-0}" \
        "${corpus:-}" "${result%%[: ]*}" "$result" "$crasher" >>"$summary"
    fi
  done
done 3< <(go list -f '{{.ImportPath}}{{"\t"}}{{.Dir}}{{"\t"}}{{join .TestGoFiles " "}} {{join .XTestGoFiles " "}}' "${patterns[@]}")

echo
echo "$ntargets target(s), $failed failure(s), $total_execs execs, $total_new new interesting input(s), $(seconds "$(($(now) - start_all))")s in all"
[ "$failed" = 0 ]

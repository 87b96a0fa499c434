#!/usr/bin/env bash
# Runs the whole wasmc test suite (unit, conformance, Docker integration, end-to-end) and ends with
# one closing line "N passed, N failed, N skipped". Docker-backed tests expect a running engine and the
# bundle images (see .ci/setup-docker.sh); with CI=true they fail instead of skipping when it is missing.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
results="$root/artifacts/test-results"
rm -rf "$results" "$root/artifacts/conformance"
mkdir -p "$results"

dotnet build "$root/WasmCli.sln" -c Release -nologo -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }
# Formatting is part of the build's hygiene: .editorconfig is the rule, `dotnet format WasmCli.sln` the fix.
dotnet format "$root/WasmCli.sln" --verify-no-changes --no-restore || { echo "dotnet format found unformatted code (run: dotnet format WasmCli.sln)"; echo "0 passed, 1 failed"; exit 1; }

dotnet test "$root/WasmCli.sln" -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@"
status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed)))
  skipped=$((skipped + $(get notExecuted)))
done

# The reliability suite (docs/reliability.md): every test in a Reliability namespace, counted on its own line.
rel_passed=0; rel_total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  rel_total=$((rel_total + $(grep -o '<UnitTestResult [^>]*testName="[^"]*\.Reliability\.[^"]*"' "$trx" | wc -l)))
  rel_passed=$((rel_passed + $(grep -o '<UnitTestResult [^>]*testName="[^"]*\.Reliability\.[^"]*"[^>]*outcome="Passed"' "$trx" | wc -l)))
done
echo "Reliability suite: $rel_passed of $rel_total passed"

if compgen -G "$root/artifacts/conformance/*.txt" >/dev/null; then
  echo "Conformance:"
  cat "$root/artifacts/conformance/"*.txt
fi
[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"

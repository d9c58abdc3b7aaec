#!/usr/bin/env bash
# Runs the test suites of both Effect lines at once (the machines here have 2 cores, and much of each
# suite waits on sockets and child processes):
#   - vitest 3 (root vitest.config.ts): the Effect 3 line, @sutro-effect/protocol, the emulator, the CLI,
#     the examples and the bench's checks; runs on Node >= 20;
#   - the release rehearsal (vitest 3, project `rehearsal`) in a run of its own beside it: minutes of npm
#     installs through a loopback registry, which would otherwise hold the one vitest 3 worker; the emulator's
#     tests (half a minute of servers and child processes) go with it;
#   - vitest 5 (packages/effect4/vitest.config.ts): the Effect 4 line; needs Node >= 22.12.
#
#   bash scripts/vitest-lines.sh            both (what `pnpm test` runs)
#   bash scripts/vitest-lines.sh effect3    only vitest 3 (what CI runs again on Node 20)
#   bash scripts/vitest-lines.sh effect4    only the Effect 4 line
set -uo pipefail
# Settings an outer `npx -p ... -c` leaves behind would be taken by an npx or npm a test starts (scripts/test.sh).
unset npm_config_call npm_config_package npm_config_yes npm_config_local_prefix
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
which="${1:-both}"
major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$which" != "effect3" ] && [ "$major" -lt 22 ]; then
  echo "vitest-lines: the Effect 4 line's tests need Node >= 22.12 (this is $(node --version)); run the README's" >&2
  echo "command, which brings Node 22 from the npm registry, or 'bash scripts/vitest-lines.sh effect3'." >&2
  exit 1
fi
out="$(mktemp -d)"
trap 'for pid in $e4 $rehearsal; do [ "$pid" = 0 ] || kill "$pid" 2>/dev/null; done; rm -rf "$out"' EXIT
e4=0
rehearsal=0
if [ "$which" != "effect3" ]; then
  (cd packages/effect4 && node node_modules/vitest/vitest.mjs run) >"$out/effect4.log" 2>&1 &
  e4=$!
fi
status3=0
statusR=0
if [ "$which" != "effect4" ]; then
  node node_modules/vitest/vitest.mjs run --project rehearsal --project emulator >"$out/rehearsal.log" 2>&1 &
  rehearsal=$!
  SUTRO_VITEST_WITHOUT=rehearsal,emulator node node_modules/vitest/vitest.mjs run
  status3=$?
  wait "$rehearsal"
  statusR=$?
  rehearsal=0
  echo
  echo "---- Release rehearsal and emulator (packages/rehearsal, packages/emulator, vitest 3) ----"
  cat "$out/rehearsal.log"
  [ "$statusR" = 0 ] || status3=$statusR
fi
status4=0
if [ "$e4" != 0 ]; then
  wait "$e4"
  status4=$?
  e4=0
  echo
  echo "---- Effect 4 line (packages/effect4, vitest 5) ----"
  cat "$out/effect4.log"
fi
# One closing line for both runs, from vitest's own "Tests" lines.
count() { sed 's/\x1b\[[0-9;]*m//g' "$1" 2>/dev/null | grep -E '^\s+Tests\s' | tail -1 | grep -oE "[0-9]+ $2" | grep -oE '[0-9]+' || echo 0; }
[ "$which" = "effect3" ] || { passed4=$(count "$out/effect4.log" passed); failed4=$(count "$out/effect4.log" failed); }
echo
echo "Effect 3 line and shared packages: exit $status3; Effect 4 line: exit $status4${passed4:+ ($passed4 passed, $failed4 failed)}"
[ "$status3" = 0 ] && [ "$status4" = 0 ]

#!/usr/bin/env bash
# `pnpm test`: everything CI checks: the Effect 3 copies of the shared files (scripts/one-source.mjs), system
# packages, type-check, Effect diagnostics, lint, build (with the Node entries of the line packages and the CLI
# bundle), every JSDoc @example, then the test suites of both Effect lines side by side (scripts/vitest-lines.sh).
#
# The machines here have 2 cores and tsc, eslint and docgen use one each, so the checks run in two lanes: the
# build and the JSDoc examples in one, the type-check, the Effect diagnostics and lint in the other. Each step
# prints its seconds (`pnpm test: <step> <n> s`), and the last line the whole run's.
set -euo pipefail
cd "$(dirname "$0")/.."
# The README's commands run this under `npx -y -p node@22 -p pnpm@12.4.2 -c '...'`, which leaves its own
# settings in the environment; an npx or npm started by a step or a test would take them as its own (npx
# would run the outer command again instead of its own, npm would use the outer prefix).
unset npm_config_call npm_config_package npm_config_yes npm_config_local_prefix
started=$SECONDS
step() {
  local name="$1" from=$SECONDS
  shift
  "$@"
  echo "pnpm test: $name $((SECONDS - from)) s"
}
out="$(mktemp -d)"
lane=0
trap '[ "$lane" = 0 ] || kill "$lane" 2>/dev/null || true; rm -rf "$out"' EXIT

step "one source" node scripts/one-source.mjs --check
step "system packages" bash scripts/ensure-system-deps.sh
(
  set -e
  step "build" tsc -b tsconfig.build.json
  step "Node entries" node scripts/guard-entries.mjs
  step "CLI bundle" node packages/cli/scripts/bundle.mjs
  step "JSDoc examples" bash scripts/docs.sh --check
) >"$out/build.log" 2>&1 &
lane=$!
step "type-check" tsc -b tsconfig.json
step "Effect diagnostics" bash scripts/effect-diagnostics.sh
step "lint" eslint .
status=0
wait "$lane" || status=$?
lane=0
cat "$out/build.log"
[ "$status" = 0 ] || { echo "pnpm test: the build lane failed (exit $status)" >&2; exit "$status"; }
step "tests" bash scripts/vitest-lines.sh
echo "pnpm test: all steps $((SECONDS - started)) s"

#!/usr/bin/env bash
# `pnpm test`: everything CI checks, in order: the Effect 3 copies of the shared files (scripts/one-source.mjs), system packages, type-check, Effect diagnostics, lint, build
# (with the Node entries of the line packages and the CLI bundle), every JSDoc @example, then the test suites
# of both Effect lines side by side (scripts/vitest-lines.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
# The README's commands run this under `npx -y -p node@22 -p pnpm@12.4.2 -c '...'`, which leaves its own
# settings in the environment; an npx or npm started by a step or a test would take them as its own (npx
# would run the outer command again instead of its own, npm would use the outer prefix).
unset npm_config_call npm_config_package npm_config_yes npm_config_local_prefix
node scripts/one-source.mjs --check
bash scripts/ensure-system-deps.sh
tsc -b tsconfig.json
bash scripts/effect-diagnostics.sh
eslint .
tsc -b tsconfig.build.json
node scripts/guard-entries.mjs
node packages/cli/scripts/bundle.mjs
bash scripts/docs.sh --check
bash scripts/vitest-lines.sh

#!/usr/bin/env bash
# One package's tests, on one line or both, in seconds (no type-check, lint or build; `pnpm test` runs those):
#   pnpm test:one client            @sutro-effect/client on both lines (vitest 3 for Effect 3, vitest 5 for Effect 4)
#   pnpm test:one effect3/client    the Effect 3 line only (works on Node 20)
#   pnpm test:one effect4/core Cursor   the Effect 4 line only, files matching "Cursor"
#   pnpm test:one emulator          a shared package (protocol, emulator, cli, ...): vitest 3
# It first writes the Effect 3 copies of the shared files (scripts/one-source.mjs), so an edit at home is tested on
# both lines.
set -euo pipefail
unset npm_config_call npm_config_package npm_config_yes npm_config_local_prefix
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
target="${1:?usage: pnpm test:one <package> | effect3/<package> | effect4/<package> [file filter...]}"
shift
node scripts/one-source.mjs >/dev/null
run3() {
  node node_modules/vitest/vitest.mjs run --project "$1" "${@:2}"
}
run4() {
  if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 22 ]; then
    echo "test-one: the Effect 4 line's tests need Node >= 22.12; run: npx -y -p node@22 -p pnpm@12.4.2 -c 'pnpm test:one $target'" >&2
    exit 1
  fi
  (cd packages/effect4 && node node_modules/vitest/vitest.mjs run --project "$1" "${@:2}")
}
case "$target" in
  effect3/*) run3 "$target" "$@" ;;
  effect4/*) run4 "$target" "$@" ;;
  *)
    # a line package (packages/effect3/<p> and packages/effect4/<p>), or a shared one with an Effect 4 twin
    # of another name (packages/bench beside packages/effect4/bench), or a shared one alone
    if [ -d "packages/effect3/$target" ]; then run3 "effect3/$target" "$@"; else run3 "$target" "$@"; fi
    if [ -d "packages/effect4/$target" ]; then run4 "effect4/$target" "$@"; fi
    ;;
esac

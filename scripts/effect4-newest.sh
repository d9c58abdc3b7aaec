#!/usr/bin/env bash
# Type-checks and tests the Effect 4 line against the newest effect 4.x and @effect/platform-node 4.x on
# the registry instead of the pinned ones. It changes package.json files and the lockfile of the checkout
# it runs in, so it runs only in CI (a throwaway clone) unless --force is given.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [ "${CI:-}" != "true" ] && [ "${1:-}" != "--force" ]; then
  echo "effect4-newest: rewrites package.json files and pnpm-lock.yaml; runs in CI, or pass --force" >&2
  exit 2
fi
newest() { npm view "$1@^$2" version --json | node -e 'const v = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log(Array.isArray(v) ? v[v.length - 1] : v)'; }
effect="$(newest effect 4)"
platform="$(newest @effect/platform-node 4)"
echo "effect4-newest: effect $effect, @effect/platform-node $platform"
node -e '
  const fs = require("fs")
  const [effect, platform] = process.argv.slice(1)
  for (const dir of ["packages/effect4", ...["core", "client", "node", "browser"].map((p) => `packages/effect4/${p}`)]) {
    const file = `${dir}/package.json`
    const pkg = JSON.parse(fs.readFileSync(file, "utf8"))
    for (const section of ["dependencies", "devDependencies"]) {
      const deps = pkg[section] ?? {}
      if (deps.effect !== undefined) deps.effect = effect
      if (deps["@effect/platform-node"] !== undefined) deps["@effect/platform-node"] = platform
    }
    fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n")
  }
' "$effect" "$platform"
npx -y -p node@22 -p pnpm@12.4.2 -c 'unset npm_config_call npm_config_package npm_config_yes npm_config_local_prefix; pnpm install --no-frozen-lockfile && pnpm exec tsc -b packages/effect4/core packages/effect4/client packages/effect4/node packages/effect4/browser packages/effect4/examples && node scripts/guard-entries.mjs && bash scripts/vitest-lines.sh effect4'

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
# The registry lists the versions in a range in no useful order (seen: effect@^4 ending with 4.1.1 when
# 4.1.5 was the newest), so the highest is found by comparing them, prereleases left out.
newest() {
  npm view "$1@^$2" version --json | node -e '
    const raw = JSON.parse(require("fs").readFileSync(0, "utf8"))
    const versions = (Array.isArray(raw) ? raw : [raw]).filter((v) => /^\d+\.\d+\.\d+$/.test(v))
    const parts = (v) => v.split(".").map(Number)
    versions.sort((a, b) => {
      const [x, y] = [parts(a), parts(b)]
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]
    })
    if (versions.length === 0) process.exit(1)
    console.log(versions[versions.length - 1])'
}
# EFFECT4_NEWEST / PLATFORM_NODE4_NEWEST pick other versions (to try the script with versions that differ
# from the pins).
effect="${EFFECT4_NEWEST:-$(newest effect 4)}"
platform="${PLATFORM_NODE4_NEWEST:-$(newest @effect/platform-node 4)}"
echo "effect4-newest: effect $effect, @effect/platform-node $platform"
node -e '
  const fs = require("fs")
  const [effect, platform] = process.argv.slice(1)
  // Every package of the line (examples and bench too): one left on the pinned effect would load a
  // second copy next to the newest, and a Redacted made by one cannot be read by the other.
  const dirs = ["packages/effect4", ...fs.readdirSync("packages/effect4", { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(`packages/effect4/${d.name}/package.json`))
    .map((d) => `packages/effect4/${d.name}`)]
  for (const dir of dirs) {
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
npx -y -p node@22 -p pnpm@12.4.2 -c 'unset npm_config_call npm_config_package npm_config_yes npm_config_local_prefix; pnpm install --no-frozen-lockfile && node scripts/effect4-one-copy.mjs && pnpm exec tsc -b packages/effect4/core packages/effect4/client packages/effect4/node packages/effect4/browser packages/effect4/examples && pnpm exec tsc -b tsconfig.build.json && node scripts/guard-entries.mjs && bash scripts/vitest-lines.sh effect4'

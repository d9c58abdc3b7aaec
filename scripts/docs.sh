#!/usr/bin/env bash
# Generates the API reference (docs/api/<pkg>/) with @effect/docgen from each public package's docgen.json, and
# type-checks and runs every `@example` of the JSDoc on the way (docgen fails when one does not compile or throws).
#
#   bash scripts/docs.sh           regenerate docs/api (pnpm run docs)
#   bash scripts/docs.sh --check   only check the examples: docgen runs on the modules that have an @example, in a
#                                  scratch copy, and docs/api is left alone (pnpm test runs this); and check that
#                                  docs/api has every package's pages, linked from docs/api/README.md
#
# docgen insists on a "homepage" in the package.json of its working directory, and the packages have no public
# homepage yet, so it runs in a scratch directory (same depth as packages/<pkg>, so docgen.json's relative paths
# hold) holding a stub package.json and symlinks to the package's src, tsconfig and docgen.json. The stub is not
# named after the package: docgen rewrites imports of its project's own name to a `src` directory that does not
# exist next to the examples, while examplesCompilerOptions.paths maps every @sutro-effect/* import to its source.
# The Jekyll scaffolding docgen writes (_config.yml, index.md, modules/index.md) and each page's front matter are
# dropped: the pages are read on GitHub, where front matter shows as text. docs/api/README.md indexes the pages.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export PATH="$root/node_modules/.bin:$PATH"
# Each line's packages; the Effect 4 line's examples compile and run against its own node_modules (effect 4).
line3=(effect3/core effect3/client effect3/node effect3/browser emulator cli)
line4=(effect4/core effect4/client effect4/node effect4/browser)
packages=("${line3[@]}" "${line4[@]}")
# docs/api/<name>: the Effect 3 line's packages keep their old pages (docs/api/core, ...), the Effect 4 line's
# are docs/api/effect4-core, ...
apiName() { case "$1" in effect4/*) echo "effect4-${1##*/}" ;; *) echo "${1##*/}" ;; esac; }

# Only the examples: one docgen run per line over the public modules that have an @example, from every package
# of the line at once (parsing is most of docgen's time, and one program serves them all), in a mirror of the
# repository's top level (packages and tsconfig.base.json linked, node_modules the line's own) whose docs/ is
# scratch, so docs/api is left alone and the relative paths of examplesCompilerOptions resolve exactly as in the
# real run.
# A mirror of the repository's top level whose node_modules is $1 (a line's own); prints its path, which the
# EXIT trap removes.
mirror() {
  local base
  base="$(mktemp -d)"
  for f in packages tsconfig.base.json; do ln -s "$root/$f" "$base/$f"; done
  ln -s "$1" "$base/node_modules"
  echo "$base"
}
checkLine() {
  local modules="$1" config="$2"
  shift 2
  local base
  base="$(mirror "$modules")"
  bases+=("$base")
  local work="$base/.docgen/check"
  mkdir -p "$work/src"
  local found=() excluded=()
  for pkg in "$@"; do
    mkdir -p "$(dirname "$work/src/$pkg")"
    ln -s "$root/packages/$pkg/src" "$work/src/$pkg"
    excluded+=("src/$pkg/internal/**/*.ts")
    for f in "$root/packages/$pkg"/src/*.ts; do
      if grep -q '^ \* @example' "$f"; then found+=("$pkg/$(basename "$f")"); else excluded+=("src/$pkg/$(basename "$f")"); fi
    done
  done
  [ "${#found[@]}" -gt 0 ] || { echo "docs.sh --check: no @example found in $*" >&2; return 1; }
  node -e '
    const fs = require("fs")
    const [from, out, ...exclude] = process.argv.slice(1)
    const config = JSON.parse(fs.readFileSync(from, "utf8"))
    fs.writeFileSync(out, JSON.stringify({ ...config, outDir: "../../docs/api/check", exclude }, null, 2))
  ' "$config" "$work/docgen.json" "${excluded[@]}"
  printf '{ "extends": "../../tsconfig.base.json", "compilerOptions": { "types": ["node"] } }\n' >"$work/tsconfig.src.json"
  printf '{ "name": "sutro-effect-docgen-check", "homepage": "https://docs.sutro.sh" }\n' >"$work/package.json"
  echo "docs.sh --check: the examples of ${found[*]}"
  (cd "$work" && docgen)
}

if [ "${1:-}" = "--check" ]; then
  bases=()
  trap 'rm -rf "${bases[@]}"' EXIT
  checkLine "$root/node_modules" "$root/packages/effect3/client/docgen.json" "${line3[@]}"
  checkLine "$root/packages/effect4/node_modules" "$root/packages/effect4/client/docgen.json" "${line4[@]}"
  # docs/api has the pages of every package, both lines, and its README links them (the Effect 4 line's pages
  # were once missing: regeneration compiled their examples against effect 3)
  for pkg in "${packages[@]}"; do
    name="$(apiName "$pkg")"
    [ -f "$root/docs/api/$name/modules/index.ts.md" ] && grep -q "($name/modules/index.ts.md)" "$root/docs/api/README.md" ||
      { echo "docs.sh --check: docs/api/$name has no pages or docs/api/README.md does not link them: run pnpm run docs" >&2; exit 1; }
  done
  exit 0
fi

# Every line runs in a mirror of the repository's top level like --check's (packages and tsconfig.base.json
# linked, node_modules the line's own, so the Effect 4 line's examples compile and run against effect 4), with a
# docs/ of its own: docgen writes its examples under docs/api/<name>/examples and tsc resolves their imports from
# there, so they must not live under the root (whose node_modules has effect 3). The finished pages replace
# docs/api/<name> once the line went through.
bases=()
trap 'rm -rf "${bases[@]}"' EXIT
regenerateLine() {
  local modules="$1"
  shift
  local base
  base="$(mirror "$modules")"
  bases+=("$base")
  local scratch="$base/.docgen"
  # tsconfig.src.json references its dependencies' ../<dep>/tsconfig.src.json: give every package its links first
  # (protocol too: it has no API pages here, but every line package references it).
  for pkg in "$@" protocol; do
    mkdir -p "$scratch/$pkg"
    for f in tsconfig.src.json tsconfig.json; do ln -s "$root/packages/$pkg/$f" "$scratch/$pkg/$f"; done
  done
  for pkg in "$@"; do
    local src="$root/packages/$pkg" work="$scratch/$pkg" name full
    name="$(apiName "$pkg")"
    for f in src docgen.json; do ln -s "$src/$f" "$work/$f"; done
    full="$(node -p "require('$src/package.json').name")"
    printf '{ "name": "%s-docgen", "homepage": "https://docs.sutro.sh" }\n' "$full" >"$work/package.json"
    echo "docgen: $full ($pkg)"
    (cd "$work" && docgen)
    local out="$base/docs/api/$name"
    rm -rf "$out/examples" "$out/_config.yml" "$out/index.md" "$out/modules/index.md"
    for page in "$out"/modules/*.md; do
      # front matter runs from line 1 (docgen's prettier pass prints its opening "---" as "***") to the next "---"
      awk 'NR == 1 && ($0 == "---" || $0 == "***") { fm = 1; next } fm && $0 == "---" { fm = 0; skip = 1; next }
        fm { next } skip && $0 == "" { skip = 0; next } { skip = 0; print }' "$page" >"$page.tmp"
      mv "$page.tmp" "$page"
    done
  done
  for pkg in "$@"; do
    name="$(apiName "$pkg")"
    rm -rf "$root/docs/api/$name"
    mkdir -p "$root/docs/api"
    mv "$base/docs/api/$name" "$root/docs/api/$name"
  done
}
regenerateLine "$root/node_modules" "${line3[@]}"
regenerateLine "$root/packages/effect4/node_modules" "${line4[@]}"

{
  echo "# API reference"
  echo
  echo "Generated by \`pnpm run docs\` (@effect/docgen) from the JSDoc in each package's \`src/\`; do not edit by hand."
  for pkg in "${packages[@]}"; do
    name="$(apiName "$pkg")"
    echo
    echo "## @sutro-effect/${pkg##*/}$(case "$pkg" in effect4/*) echo " (Effect 4 line)" ;; effect3/*) echo " (Effect 3 line)" ;; esac)"
    echo
    for page in "$root/docs/api/$name"/modules/*.md; do
      base="$(basename "$page" .md)"
      echo "- [${base%.ts}]($name/modules/$base.md)"
    done
  done
} >"$root/docs/api/README.md"

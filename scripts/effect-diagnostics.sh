#!/usr/bin/env bash
# Runs the Effect language service's diagnostics over every package's source and test project, two
# projects at a time (each is a TypeScript program of its own; the machines here have 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
projects=()
for project in packages/*/tsconfig.src.json packages/*/tsconfig.test.json packages/effect[34]/*/tsconfig.src.json packages/effect[34]/*/tsconfig.test.json; do
  [ -d "$(dirname "$project")/src" ] || continue
  [ -d "$(dirname "$project")/$(basename "$project" .json | sed 's/tsconfig\.//')" ] || continue
  projects+=("$project")
done
printf '%s\n' "${projects[@]}" | xargs -P "${DIAGNOSTICS_JOBS:-2}" -I{} sh -c \
  'node_modules/.bin/effect-language-service diagnostics --strict --format text --project "$1" > "$2/$(echo "$1" | tr / _)" 2>&1 || true' \
  _ {} "$out"
status=0
for project in "${projects[@]}"; do
  result="$out/$(echo "$project" | tr / _)"
  if ! grep -q "0 errors, 0 warnings" "$result"; then
    printf '%s\n%s\n' "$project" "$(cat "$result")"
    status=1
  fi
done
exit $status

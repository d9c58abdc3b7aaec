#!/usr/bin/env bash
# Runs the Effect language service's diagnostics over every package's source and test project.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for project in packages/*/tsconfig.src.json packages/*/tsconfig.test.json; do
  [ -d "$(dirname "$project")/src" ] || continue
  [ -d "$(dirname "$project")/$(basename "$project" .json | sed 's/tsconfig\.//')" ] || continue
  out=$(npx --no-install effect-language-service diagnostics --strict --format text --project "$project" 2>&1) || { status=1; }
  if ! grep -q "0 errors, 0 warnings" <<<"$out"; then
    printf '%s\n%s\n' "$project" "$out"
    status=1
  fi
done
exit $status

// Each package's version has one home: its package.json. This writes src/internal/version.ts from it
// in the packages whose code needs the version at run time (the client's default User-Agent, the CLI's
// and the emulator's --version). `pnpm version-packages` runs it after `changeset version`.
//   node scripts/gen-version.mjs          write the files
//   node scripts/gen-version.mjs --check  exit 1, naming the files, when one differs from package.json
import fs from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..")
const packages = ["effect3/client", "effect4/client", "emulator", "cli"]

const render = (name, version) =>
  `/**
 * The version of ${name}, generated from its package.json by scripts/gen-version.mjs: do not edit.
 *
 * @since 0.1.0
 * @internal
 */
export const version = ${JSON.stringify(version)}
`

const check = process.argv.includes("--check")
const drifted = []
for (const dir of packages) {
  const manifest = path.join(root, "packages", dir, "package.json")
  // a partial copy of the workspace (the release rehearsal's) may hold one line only
  if (!fs.existsSync(manifest)) continue
  const pkg = JSON.parse(fs.readFileSync(manifest, "utf8"))
  const file = path.join(root, "packages", dir, "src", "internal", "version.ts")
  const expected = render(pkg.name, pkg.version)
  const actual = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined
  if (actual === expected) continue
  if (check) drifted.push(`${path.relative(root, file)} does not match ${pkg.name}@${pkg.version}`)
  else fs.writeFileSync(file, expected)
}
if (drifted.length > 0) {
  console.error(`${drifted.join("\n")}\nrun: node scripts/gen-version.mjs`)
  process.exit(1)
}

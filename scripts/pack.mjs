// Until the first release, the packages are not on npm: this packs one line's packages from the
// built workspace into tarballs a project outside the workspace installs with npm (see the README's
// Install section; the release rehearsal runs it). Each tarball is what `pnpm publish` would upload:
// `pnpm pack` replaces the `workspace:` ranges with the versions they stand for.
//
//   node scripts/pack.mjs <effect3|effect4> [out]   (pnpm pack:effect3, pnpm pack:effect4: build first)
//
// `out` defaults to tarballs/; the tarballs go to <out>/<line>/ (emptied first): the line's core, client,
// node and browser with @sutro-effect/protocol, and on the Effect 3 line also the emulator and the CLI,
// which are built on it.
import { spawnSync } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..")
const [line, outArg = path.join(root, "tarballs")] = process.argv.slice(2)
const packages = {
  effect3: ["protocol", "effect3/core", "effect3/client", "effect3/node", "effect3/browser", "emulator", "cli"],
  effect4: ["protocol", "effect4/core", "effect4/client", "effect4/node", "effect4/browser"]
}[line]
if (packages === undefined) {
  console.error("usage: node scripts/pack.mjs <effect3|effect4> [out]")
  process.exit(2)
}
const out = path.resolve(outArg, line)
fs.rmSync(out, { recursive: true, force: true })
fs.mkdirSync(out, { recursive: true })
for (const pkg of packages) {
  const dir = path.join(root, "packages", pkg)
  if (!fs.existsSync(path.join(dir, "dist"))) {
    console.error(`pack: ${path.relative(root, dir)} has no dist/: run pnpm build first`)
    process.exit(1)
  }
  const result = spawnSync("pnpm", ["pack", "--pack-destination", out], { cwd: dir, encoding: "utf8" })
  if (result.status !== 0) {
    console.error(
      `pack: pnpm pack in ${path.relative(root, dir)} failed (${result.error ?? result.status}):\n${result.stderr}`
    )
    process.exit(1)
  }
}
const tarballs = fs.readdirSync(out).filter((name) => name.endsWith(".tgz")).sort()
console.log(`${tarballs.length} tarballs in ${out}:\n${tarballs.map((name) => `  ${name}`).join("\n")}`)

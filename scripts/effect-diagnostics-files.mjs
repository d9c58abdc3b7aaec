// The files scripts/effect-diagnostics.sh hands to the Effect language service: every package's
// source and test project's own files (not those of the projects it references), each once, grouped
// by project, split into `shards` lists of about the same length, each written as
// `<out>/shard-N/tsconfig.json` (a `files` list: the language service reads only its file names and
// checks each file in the project that owns it). The Effect 3 copies of the shared files
// (one-source.json) are left out: each is its home line for line, whose diagnostics it would repeat
// (tsc still type-checks every copy, and the Effect 3 seams and line-only files are diagnosed).
//
//   node scripts/effect-diagnostics-files.mjs <out> <shards>
import * as Fs from "node:fs"
import * as Path from "node:path"
import ts from "typescript"

const [out, shardArg = "2"] = process.argv.slice(2)
if (out === undefined) throw new Error("usage: node scripts/effect-diagnostics-files.mjs <out> <shards>")
const shards = Math.max(1, Number(shardArg))
const root = Path.resolve(import.meta.dirname, "..")

const packageDirs = (dir) =>
  Fs.readdirSync(Path.join(root, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => Path.join(dir, entry.name))
const dirs = [
  ...packageDirs("packages").filter((dir) => !/packages\/effect[34]$/.test(dir)),
  ...packageDirs("packages/effect3"),
  ...packageDirs("packages/effect4")
]

const manifest = JSON.parse(Fs.readFileSync(Path.join(root, "one-source.json"), "utf8"))
const seen = new Set(manifest.shared.map((file) => Path.join(root, "packages", "effect3", file)))
const groups = []
for (const dir of dirs) {
  for (const kind of ["src", "test"]) {
    const config = Path.join(root, dir, `tsconfig.${kind}.json`)
    if (!Fs.existsSync(config) || !Fs.existsSync(Path.join(root, dir, kind))) continue
    const parsed = ts.getParsedCommandLineOfConfigFile(config, {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"))
      }
    })
    const files = parsed.fileNames.filter((file) => !seen.has(file))
    files.forEach((file) => seen.add(file))
    if (files.length > 0) groups.push(files)
  }
}

// Whole projects to each shard, longest first, each to the shard with the fewest files so far.
const lists = Array.from({ length: shards }, () => [])
for (const files of [...groups].sort((a, b) => b.length - a.length)) {
  lists.reduce((least, list) => (list.length < least.length ? list : least)).push(...files)
}
lists.forEach((files, index) => {
  const dir = Path.join(out, `shard-${index + 1}`)
  Fs.mkdirSync(dir, { recursive: true })
  Fs.writeFileSync(Path.join(dir, "tsconfig.json"), JSON.stringify({ files, include: [] }, null, 2))
})

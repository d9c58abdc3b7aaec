// Bundles the `sutro-jobs` executable (src/bin.ts and everything it imports, the workspace
// packages through their built dist/) into the single file dist/bin.js, the package's "bin".
// Run after `tsc -b` (root `pnpm build` does both).
//
// Why (figures in docs/cli.md): started from dist/ as separate modules, `sutro-jobs --help` read
// about 650 files. One file removes that, and the parts only a command needs (the HTTP client and
// undici, the emulator's server, the job schemas) sit behind `import()` in the sources, so they
// are compiled and evaluated only when that command runs. Help itself is rendered by @effect/cli
// here, at build time, by running the bundle once per command; the shipped file answers a bare
// `--help`, `<command> --help` and `--version` with that text without loading Effect.
import * as esbuild from "esbuild"
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

const dir = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const target = path.join(dir, "dist/bin.js")
// Built aside and renamed into place only when it differs: tests and the release rehearsal rebuild it while
// other processes run it, and they must see the old file or the new one whole, never a half-written or an
// intermediate one (step 1 below has no prerendered help).
const outfile = path.join(dir, `dist/.bin.${process.pid}.js`)
process.on("exit", () => fs.rmSync(outfile, { force: true }))

const bundle = (prerendered) =>
  esbuild.build({
    entryPoints: [path.join(dir, "src/bin.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: "none",
    // CommonJS dependencies (undici) call require() for Node built-ins.
    banner: {
      js:
        "import { createRequire as __createRequire } from \"node:module\";const require = __createRequire(import.meta.url);"
    },
    define: prerendered === undefined ? {} : { SUTRO_JOBS_PRERENDERED: JSON.stringify(prerendered) },
    logLevel: "warning"
  })

// 1. Without prerendered text, every request goes to @effect/cli: ask it for each help text.
await bundle(undefined)
const render = (...args) =>
  execFileSync(process.execPath, [outfile, ...args], {
    encoding: "utf8",
    env: { PATH: process.env.PATH, FORCE_COLOR: "1" }
  })
const prerendered = { "": render("--help"), "--version": render("--version") }
const plain = prerendered[""].replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, "")
const commands = [...plain.slice(plain.indexOf("COMMANDS")).matchAll(/^ {2}- ([a-z][a-z-]*) /gm)].map((m) => m[1])
if (commands.length === 0) throw new Error("no COMMANDS section in sutro-jobs --help")
for (const command of commands) prerendered[command] = render(command, "--help")

// 2. The shipped file.
await bundle(prerendered)
fs.chmodSync(outfile, 0o755)
if (fs.existsSync(target) && fs.readFileSync(target).equals(fs.readFileSync(outfile))) fs.rmSync(outfile)
else fs.renameSync(outfile, target)

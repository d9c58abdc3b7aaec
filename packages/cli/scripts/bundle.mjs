// Bundles the `sutro-jobs` executable into two files of dist/: bin.js, the package's "bin" (src/bin.ts: the
// help texts and the version, nothing else), and sutro-jobs.js (src/internal/main.ts and everything it
// imports, the workspace packages through their built dist/), which bin.js imports for every other request.
// Run after `tsc -b` (root `pnpm build` does both). Together they need no package at run time.
//
// Why (figures in docs/cli.md and docs/benchmarks.md): started from dist/ as separate modules, `sutro-jobs
// --help` read about 650 files. One file removes that, and the parts only a command needs (the HTTP client and
// undici, the emulator's server, the job schemas) sit behind `import()` in the sources, so they are compiled
// and evaluated only when that command runs. Help itself is rendered by @effect/cli here, at build time, by
// running the bundle once per command; bin.js answers a bare `--help`, `<command> --help` and `--version`
// with that text without reading the 1.8 MB of sutro-jobs.js (Node would parse all of it before running a
// line: that alone took --help from 1.2x to 2x `node -e 0`).
import * as esbuild from "esbuild"
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

const dir = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const target = path.join(dir, "dist/bin.js")
const mainName = "sutro-jobs.js"
const mainTarget = path.join(dir, "dist", mainName)
// Built aside and renamed into place only when they differ: tests and the release rehearsal rebuild them while
// other processes run them, and they must see the old files or the new ones whole, never a half-written or an
// intermediate one (step 1 below has no prerendered help). The program goes first: a bin.js of the last build
// that imports the new one still works (it calls run() only).
const outfile = path.join(dir, `dist/.bin.${process.pid}.js`)
const mainAside = `.main.${process.pid}.js`
const mainOutfile = path.join(dir, "dist", mainAside)
process.on("exit", () => {
  fs.rmSync(outfile, { force: true })
  fs.rmSync(mainOutfile, { force: true })
})

const common = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: "none",
  logLevel: "warning"
}

// The program: everything but the help texts.
await esbuild.build({
  ...common,
  entryPoints: [path.join(dir, "src/internal/main.ts")],
  outfile: mainOutfile,
  // CommonJS dependencies (undici) call require() for Node built-ins.
  banner: {
    js:
      "import { createRequire as __createRequire } from \"node:module\";const require = __createRequire(import.meta.url);"
  }
})

// The executable: src/bin.ts, its import of the program pointed at `program` beside it.
const bundle = (prerendered, program) =>
  esbuild.build({
    ...common,
    entryPoints: [path.join(dir, "src/bin.ts")],
    outfile,
    define: prerendered === undefined ? {} : { SUTRO_JOBS_PRERENDERED: JSON.stringify(prerendered) },
    plugins: [{
      name: "program-beside",
      setup(build) {
        build.onResolve({ filter: /^\.\/internal\/main\.js$/ }, () => ({ path: `./${program}`, external: true }))
      }
    }]
  })

// 1. Without prerendered text, every request goes to @effect/cli: ask it for each help text.
await bundle(undefined, mainAside)
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

// 2. The shipped files.
await bundle(prerendered, mainName)
const place = (aside, into) => {
  if (fs.existsSync(into) && fs.readFileSync(into).equals(fs.readFileSync(aside))) fs.rmSync(aside)
  else fs.renameSync(aside, into)
}
fs.chmodSync(outfile, 0o755)
place(mainOutfile, mainTarget)
place(outfile, target)

// Changesets for one Effect line. Both lines publish the same package names (@sutro-effect/client is
// 1.x on the Effect 4 line and 0.x on the Effect 3 line) and Changesets keys packages by name, so it
// never sees the whole workspace: this runs it in a scratch view, a temporary directory holding a
// pnpm-workspace.yaml, a copy of the root package.json and symlinks to one line's packages and to that
// line's changeset directory. What Changesets writes (versions, CHANGELOG.md, new or consumed
// changesets) goes through the symlinks into the repository, as it would without the view; the view
// itself is removed when Changesets exits or this script is interrupted, and nothing else in the
// repository is ever rewritten.
//
//   node scripts/changeset-line.mjs effect3 [add|version|status|publish ...]   the shared packages and the Effect 3 line (.changeset/)
//   node scripts/changeset-line.mjs effect4 [add|version|status|publish ...]   the Effect 4 line (.changeset-effect4/)
//
// With no command it runs `add`. `publish` publishes each group under its npm tag (Changesets passes
// `--tag latest` to every publish unless told, which would override a package's publishConfig.tag):
// on the effect3 side the shared packages under `latest` and the Effect 3 line under `effect3`, on the
// effect4 side the Effect 4 line under `latest`. Git tags and commits go to the repository (GIT_DIR).
import { spawn, spawnSync } from "node:child_process"
import fs from "node:fs"
import { createRequire } from "node:module"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..")

const dirsUnder = (under) => {
  const full = path.join(root, under)
  return fs.readdirSync(full).filter((name) => fs.existsSync(path.join(full, name, "package.json"))).sort().map(
    (name) => path.posix.join(under, name)
  )
}

// Each line: its changeset directory, and the package directories of each npm tag it publishes under.
// The shared packages (protocol, emulator, cli and the private ones) are versioned with the Effect 3
// line: the CLI and the emulator are built on it.
const lines = {
  effect3: {
    changesets: ".changeset",
    groups: () => [
      { tag: "latest", dirs: dirsUnder("packages").filter((dir) => !/^packages\/effect\d$/.test(dir)) },
      { tag: "effect3", dirs: dirsUnder("packages/effect3") }
    ]
  },
  effect4: {
    changesets: ".changeset-effect4",
    groups: () => [{ tag: "latest", dirs: dirsUnder("packages/effect4") }]
  }
}

const usage = `usage: node scripts/changeset-line.mjs <${Object.keys(lines).join("|")}> [changeset command and options]
  effect3: the shared packages and the Effect 3 line (0.x), changesets in .changeset/
  effect4: the Effect 4 line (1.x), changesets in .changeset-effect4/`

const [lineName, ...rest] = process.argv.slice(2)
const line = lines[lineName]
if (line === undefined) {
  console.error(usage)
  process.exit(2)
}
const args = rest.length === 0 ? ["add"] : rest
if (args[0] === "publish" && args.includes("--tag")) {
  console.error("changeset-line: publish chooses each package's npm tag itself (latest, effect3); do not pass --tag")
  process.exit(2)
}

const changesetBin = createRequire(path.join(root, "package.json")).resolve("@changesets/cli/bin.js")

const gitDir = (() => {
  const result = spawnSync("git", ["rev-parse", "--absolute-git-dir"], { cwd: root, encoding: "utf8" })
  // a copy of the workspace outside git (the tests'): Changesets' git steps then do nothing
  return result.status === 0 ? result.stdout.trim() : undefined
})()
const toplevel = gitDir === undefined ? undefined : spawnSync("git", ["rev-parse", "--show-toplevel"], {
  cwd: root,
  encoding: "utf8"
}).stdout.trim()
// only when the root is the repository's top level (not a copy that happens to sit inside another repository)
const gitEnv = gitDir !== undefined && toplevel !== undefined && fs.realpathSync(toplevel) === fs.realpathSync(root)
  ? { GIT_DIR: gitDir, GIT_WORK_TREE: root }
  : {}

/** A scratch view of the workspace holding these package directories; returns its path. */
const makeView = (dirs) => {
  const view = fs.mkdtempSync(path.join(os.tmpdir(), `sutro-changeset-${lineName}-`))
  fs.copyFileSync(path.join(root, "package.json"), path.join(view, "package.json"))
  fs.writeFileSync(path.join(view, "pnpm-workspace.yaml"), "packages:\n  - packages/*\n")
  fs.mkdirSync(path.join(view, "packages"))
  for (const dir of dirs) {
    fs.symlinkSync(path.join(root, dir), path.join(view, "packages", dir.replace(/^packages\//, "").replace("/", "-")))
  }
  fs.mkdirSync(path.join(root, line.changesets), { recursive: true })
  fs.symlinkSync(path.join(root, line.changesets), path.join(view, ".changeset"))
  fs.symlinkSync(path.join(root, "node_modules"), path.join(view, "node_modules"))
  return view
}

let view
let child
const cleanup = () => {
  if (view !== undefined) fs.rmSync(view, { recursive: true, force: true }) // removes the links, not their targets
  view = undefined
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    child?.kill(signal)
    cleanup()
    process.exit(128 + os.constants.signals[signal])
  })
}

const runIn = (dirs, changesetArgs) =>
  new Promise((resolve) => {
    view = makeView(dirs)
    child = spawn(process.execPath, [changesetBin, ...changesetArgs], {
      cwd: view,
      env: { ...process.env, ...gitEnv },
      stdio: "inherit"
    })
    child.once("error", (error) => {
      console.error(`changeset-line: ${error.message}`)
      resolve(1)
    })
    child.once("exit", (code, signal) => resolve(code ?? (signal === null ? 1 : 128 + os.constants.signals[signal])))
  }).finally(cleanup)

// A shared package's version lives on the Effect 3 side; the Effect 4 line depends on it through a
// workspace range (`workspace:^0.1.0`). When that side's versioning moved the shared package out of the
// range (protocol 0.1.0 -> 0.2.0), the range follows and the line's packages that publish it get a
// patch changeset, before Changesets runs, so `pnpm version-packages` carries the bump across.
const carrySharedBumps = () => {
  const read = (dir) => JSON.parse(fs.readFileSync(path.join(root, dir, "package.json"), "utf8"))
  const ownDirs = line.groups().flatMap((group) => group.dirs)
  const own = new Set(ownDirs.map((dir) => read(dir).name))
  const shared = new Map(
    lines.effect3.groups()[0].dirs.map(read).filter((manifest) => !own.has(manifest.name)).map((
      manifest
    ) => [manifest.name, manifest.version])
  )
  // whether a workspace range (op "^", "~" or "", base x.y.z) takes a version, as semver reads it
  const satisfies = (op, base, version) => {
    const [a, b, c] = base.split(".").map(Number)
    const [x, y, z] = version.split(/[.+-]/).map(Number)
    const atLeast = x !== a ? x > a : y !== b ? y > b : z >= c
    if (op === "") return version === base
    if (op === "~") return atLeast && x === a && y === b
    return atLeast && (a > 0 ? x === a : b > 0 ? x === 0 && y === b : x === 0 && y === 0 && z === c)
  }
  const bumped = []
  const moved = new Set()
  for (const dir of ownDirs) {
    const manifest = read(dir)
    let changed = false
    for (const field of ["dependencies", "peerDependencies", "devDependencies"]) {
      for (const [name, spec] of Object.entries(manifest[field] ?? {})) {
        const match = /^workspace:([\^~]?)(\d+\.\d+\.\d+)$/.exec(spec)
        if (!shared.has(name) || match === null) continue
        const version = shared.get(name)
        if (satisfies(match[1], match[2], version)) continue
        manifest[field][name] = `workspace:${match[1]}${version}`
        moved.add(`${name} ${version}`)
        changed = true
      }
    }
    if (!changed) continue
    fs.writeFileSync(path.join(root, dir, "package.json"), JSON.stringify(manifest, null, 2) + "\n")
    if (manifest.private !== true) bumped.push(manifest.name)
  }
  if (bumped.length === 0) return
  const list = [...moved].sort()
  const file = path.join(root, line.changesets, `shared-${list.join("-").replace(/[^a-z0-9.]+/gi, "-")}.md`)
  fs.writeFileSync(
    file,
    `---\n${bumped.map((name) => `${JSON.stringify(name)}: patch`).join("\n")}\n---\n\n` +
      `Depends on the shared packages' new versions: ${list.join(", ")}.\n`
  )
  console.log(
    `changeset-line: ${list.join(", ")} left the ${lineName} line's ranges: moved them, wrote ${
      path.relative(root, file)
    }`
  )
}

let status = 0
try {
  if (args[0] === "version" && lineName === "effect4") carrySharedBumps()
  if (args[0] === "publish") {
    for (const group of line.groups()) {
      status = await runIn(group.dirs, [...args, "--tag", group.tag])
      if (status !== 0) break
    }
  } else {
    status = await runIn(line.groups().flatMap((group) => group.dirs), args)
  }
} finally {
  cleanup()
}
process.exit(status)

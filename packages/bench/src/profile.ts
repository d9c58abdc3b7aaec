/**
 * `pnpm bench:profile`: a CPU profile of one scenario's walk (default: sutro-effect over undici,
 * 100 000 jobs), taken with `node --cpu-prof` in a fresh process against the emulator in another,
 * and its summary: the functions with the most self time, and self time by where the code lives.
 *
 * Environment: PROFILE_LINE (`effect3`, the default, or `effect4`: the Effect 4 line's child in
 * packages/effect4/bench, which needs Node >= 22.19), PROFILE_SCENARIO (a name from that line's
 * scenarios.ts), BENCH_JOBS (100000), PROFILE_WALKS (3:
 * the process walks that many times, so the profile is mostly warm walks), PROFILE_TOP (30),
 * PROFILE_BODIES (`served`, the default: the emulator compresses for a client that asks;
 * `identity`: started with `--no-compress`, so every client receives the same bodies), PROFILE_DIR
 * (where the .cpuprofile is kept; default a temp dir). Open the file in Chrome DevTools
 * (Performance) or speedscope for the call tree.
 *
 * @since 0.1.0
 */
import { spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import type { Task } from "./child.js"
import { startEmulator } from "./emulatorProcess.js"
import { effect4SkipReason, type Line, lineName } from "./lines.js"

const scenario = process.env.PROFILE_SCENARIO ?? "sutro-effect (node, undici)"
const jobs = Number(process.env.BENCH_JOBS ?? 100_000)
const walks = Number(process.env.PROFILE_WALKS ?? 3)
const top = Number(process.env.PROFILE_TOP ?? 30)
const dir = process.env.PROFILE_DIR ?? Fs.mkdtempSync(Path.join(Os.tmpdir(), "sutro-profile-"))
const apiKey = "sk_bench"

const line: Line = process.env.PROFILE_LINE === "effect4" ? "effect4" : "effect3"
if (process.env.PROFILE_LINE !== undefined && process.env.PROFILE_LINE !== line) {
  throw new Error(`PROFILE_LINE must be effect3 or effect4, got ${process.env.PROFILE_LINE}`)
}
const skipped = line === "effect4" ? effect4SkipReason(process.versions.node) : undefined
if (skipped !== undefined) throw new Error(`PROFILE_LINE=effect4: ${skipped}`)
const childScript = fileURLToPath(
  new URL(line === "effect3" ? "./child.js" : "../../effect4/bench/dist/child.js", import.meta.url)
)

const bodies = process.env.PROFILE_BODIES ?? "served"
if (bodies !== "served" && bodies !== "identity") {
  throw new Error(`PROFILE_BODIES must be served or identity, got ${bodies}`)
}
const emulator = await startEmulator(jobs, apiKey, 0, { compress: bodies === "served" })

const task: Task = { scenario, mode: "walk", walks, target: { url: emulator.url, apiKey, pageSize: 100 } }
let run
try {
  run = spawnSync(process.execPath, ["--cpu-prof", "--cpu-prof-dir", dir, childScript, JSON.stringify(task)], {
    encoding: "utf8"
  })
} finally {
  emulator.stop()
}
if (run.status !== 0) throw new Error(`${scenario} (${lineName(line)}) failed: ${run.stderr}`)
const file = Fs.readdirSync(dir).filter((name) => name.endsWith(".cpuprofile")).map((name) => Path.join(dir, name))
  .sort((a, b) => Fs.statSync(b).mtimeMs - Fs.statSync(a).mtimeMs)[0]

interface ProfileNode {
  readonly id: number
  readonly callFrame: {
    readonly functionName: string
    readonly url: string
    readonly lineNumber: number
  }
}
interface Profile {
  readonly nodes: ReadonlyArray<ProfileNode>
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
}

const profile = JSON.parse(Fs.readFileSync(file, "utf8")) as Profile
const byId = new Map(profile.nodes.map((node) => [node.id, node]))
const selfMicros = new Map<number, number>()
profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))
const total = [...selfMicros.values()].reduce((a, b) => a + b, 0)

/** Where a function's code lives: a package (with its module for Effect), our source, Node, or V8. */
const place = (url: string): string => {
  if (url === "") return "(V8 / native)"
  if (url.startsWith("node:")) return "node internals"
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url)
  if (pkg !== null) return pkg[1]
  const ours = /packages\/(?:(effect[34])\/)?([^/]+)\/(?:dist|src)\//.exec(url)
  if (ours !== null) return `@sutro-effect/${ours[2]}${ours[1] === undefined ? "" : ` (${ours[1]})`}`
  return url
}
const shortUrl = (url: string) =>
  url.replace(/^file:\/\/.*?node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, "").replace(
    /^file:\/\/.*?packages\//,
    ""
  )

const functions = new Map<string, number>()
const places = new Map<string, number>()
for (const [id, micros] of selfMicros) {
  const frame = byId.get(id)!.callFrame
  const key = `${frame.functionName || "(anonymous)"} ${shortUrl(frame.url)}${
    frame.url === "" ? "" : `:${frame.lineNumber + 1}`
  }`
  functions.set(key, (functions.get(key) ?? 0) + micros)
  places.set(place(frame.url), (places.get(place(frame.url)) ?? 0) + micros)
}
const share = (micros: number) => `${(100 * micros / total).toFixed(1)}%`
const ranked = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n)

console.log(
  `${scenario}, ${lineName(line)}: ${walks} walk(s) of ${jobs} jobs in one process; ` +
    `${(total / 1000).toFixed(0)} ms of samples; ` +
    `profile ${file}\n`
)
console.log("| self time by place | ms | share |\n|---|---:|---:|")
for (const [name, micros] of ranked(places, 15)) {
  console.log(`| ${name} | ${(micros / 1000).toFixed(0)} | ${share(micros)} |`)
}
console.log(`\n| top ${top} functions by self time | ms | share |\n|---|---:|---:|`)
for (const [name, micros] of ranked(functions, top)) {
  console.log(`| ${name} | ${(micros / 1000).toFixed(0)} | ${share(micros)} |`)
}

/**
 * `pnpm bench`: every figure of docs/benchmarks.md, measured in one run and written into that page.
 *
 * - walk: every job of an emulator (`BENCH_JOBS`, default 100000) with each scenario of both lines
 *   (`scenarios.ts` for the Effect 3 line and the hand-written loops, packages/effect4/bench's for the
 *   Effect 4 line), each in a fresh process, `BENCH_WALKS` walks per process (the first cold, the
 *   last warm), `BENCH_ROUNDS` rounds interleaved; medians of wall and client CPU time, and ratios.
 *   `BENCH_WALK_BODIES` (default `served,identity`) picks the variants: bodies as the emulator sends
 *   them (compressed for a client that asks), and identity bodies for all (`--no-compress`).
 * - ops: Effect operations and fibers per page, the platform loop against sutro-effect (the Effect 3
 *   line only: Effect 4 has no op supervision).
 * - prefetch: an emulator answering after `BENCH_PREFETCH_LATENCY` ms, a consumer doing
 *   `BENCH_WORK_MICROS` µs of synchronous work a job, prefetch 0, 1 and 2 against the ideal
 *   max(network, work), on both lines.
 * - memory: peak RSS and heap after GC for each of `BENCH_MEMORY_SIZES` jobs, on both lines.
 * - cli: `node <the CLI's bin> --help` against `node -e 0`.
 *
 * The Effect 3 line's clients run in `child.ts`, the Effect 4 line's in packages/effect4/bench's
 * `child.js` (needs Node >= 22.19; on an older Node its rows say they were skipped, and why).
 *
 * The emulators run in their own processes, so they do not share the client's thread or CPU
 * figures. `BENCH_PARTS` (default `walk,ops,prefetch,memory,cli`) picks parts; each part rewrites
 * only its own block of docs/benchmarks.md (`BENCH_DOCS=0` writes nothing).
 *
 * @since 0.1.0
 */
import { ApiErrorBody } from "@sutro-effect/core"
import { spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Http from "node:http"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import * as Zlib from "node:zlib"
import type { Task, Timed } from "./child.js"
import { type Emulator, startEmulator as start } from "./emulatorProcess.js"
import { effect4SkipReason, type Line, lineName } from "./lines.js"
import * as Link from "./link.js"

const env = (name: string, fallback: string) => process.env[name] ?? fallback
const positive = (name: string, fallback: number): number => {
  const value = Number(env(name, String(fallback)))
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive integer, got ${env(name, "")}`)
  }
  return value
}
const list = (name: string, fallback: string) =>
  env(name, fallback).split(",").map((s) => s.trim()).filter((s) => s !== "")

const config = {
  jobs: positive("BENCH_JOBS", 100_000),
  rounds: positive("BENCH_ROUNDS", 5),
  walks: positive("BENCH_WALKS", 3),
  pageSize: positive("BENCH_PAGE_SIZE", 100),
  prefetchJobs: positive("BENCH_PREFETCH_JOBS", 5_000),
  prefetchLatency: positive("BENCH_PREFETCH_LATENCY", 20),
  workMicros: positive("BENCH_WORK_MICROS", 200),
  memorySizes: list("BENCH_MEMORY_SIZES", "10000,100000,1000000").map(Number),
  memoryRounds: positive("BENCH_MEMORY_ROUNDS", 1),
  cliRounds: positive("BENCH_CLI_ROUNDS", 10),
  linkJobs: positive("BENCH_LINK_JOBS", 10_000),
  linkMbit: positive("BENCH_LINK_MBIT", 20),
  linkLatency: positive("BENCH_LINK_LATENCY", 25),
  linkRounds: positive("BENCH_LINK_ROUNDS", 3),
  parts: new Set(list("BENCH_PARTS", "walk,ops,prefetch,memory,cli,excerpt,link")),
  docs: env("BENCH_DOCS", "1") !== "0"
}
for (const size of config.memorySizes) {
  if (!Number.isInteger(size) || size <= 0) throw new Error(`BENCH_MEMORY_SIZES must list positive integers`)
}
const apiKey = "sk_bench"

const childScript = fileURLToPath(new URL("./child.js", import.meta.url))
// The Effect 4 line's child: a package of its own, since this one depends on the Effect 3 line under
// the same package names. It takes the same Task and prints the same results.
const effect4ChildScript = fileURLToPath(new URL("../../effect4/bench/dist/child.js", import.meta.url))
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url))
const docsPage = `${repoRoot}docs/benchmarks.md`

// -- helpers ------------------------------------------------------------------------------------

const startEmulator = (jobs: number, latency = 0) => start(jobs, apiKey, latency)

const withEmulator = async <A>(jobs: number, latency: number, use: (emulator: Emulator) => Promise<A>) => {
  const emulator = await startEmulator(jobs, latency)
  try {
    return await use(emulator)
  } finally {
    emulator.stop()
  }
}

// The Effect 4 child runs on the Node running this bench (process.execPath): on one older than the
// line needs, its rows are skipped and say why.
const effect4Skipped = effect4SkipReason(process.versions.node)

const runChild = <A>(
  task: Task,
  nodeFlags: ReadonlyArray<string> = [],
  line: Line = "effect3",
  prefix: ReadonlyArray<string> = []
): A => {
  const script = line === "effect3" ? childScript : effect4ChildScript
  const [command, ...prefixArgs] = [...prefix, process.execPath]
  const run = spawnSync(command, [...prefixArgs, ...nodeFlags, script, JSON.stringify(task)], {
    encoding: "utf8",
    maxBuffer: 16 * 2 ** 20
  })
  if (run.status !== 0) throw new Error(`${task.scenario} (${task.mode}, ${lineName(line)}) failed: ${run.stderr}`)
  return JSON.parse(run.stdout.trim().split("\n").pop()!) as A
}

const median = (xs: ReadonlyArray<number>) => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
const fixed = (x: number, digits: number) => x.toFixed(digits)
const ratio = (a: number, b: number) => `${fixed(a / b, 2)}x`
const thousands = (n: number) => n.toLocaleString("en-US").replace(/,/g, " ")
const table = (header: ReadonlyArray<string>, align: string, rows: ReadonlyArray<ReadonlyArray<string>>) =>
  [`| ${header.join(" | ")} |`, `|${align}|`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n")

/** Each round runs the items in another order, so no item always follows the same one. */
const rotated = <A>(items: ReadonlyArray<A>, round: number) => {
  const k = round % items.length
  return [...items.slice(k), ...items.slice(0, k)]
}

const progress = (text: string) => process.stderr.write(`${text}\n`)

const machine = () => {
  const cpus = Os.cpus()
  const load = Os.loadavg().map((x) => fixed(x, 2)).join(" ")
  return `${cpus[0]?.model.trim() ?? "unknown CPU"}, ${cpus.length} cores, ` +
    `${fixed(Os.totalmem() / 2 ** 30, 1)} GB RAM, Node ${process.version}, ${Os.type()} ${Os.release()}; ` +
    `load average ${load} when the part started`
}

const sections = new Map<string, string>()
const report = (part: string, text: string) => {
  sections.set(part, text)
  console.log(`\n${text}\n`)
}

// -- walk ---------------------------------------------------------------------------------------

interface WalkSample {
  readonly jobs: number
  readonly walks: ReadonlyArray<Timed>
  readonly maxRssKb: number
}

const platformUndici = "@effect/platform loop (undici)"
const platformFetch = "@effect/platform loop (fetch)"
const httpUndici = "effect/http loop (undici)"
const httpFetch = "effect/http loop (fetch)"
const rawFetch = "raw fetch + JSON.parse"
const rawUndici = "raw undici.request + JSON.parse"
const sutroUndici = "sutro-effect (node, undici)"
const sutroFetch = "sutro-effect (fetch)"

/**
 * The bodies a walk variant gets: `served`, list-jobs bodies as the emulator sends them (compressed,
 * br over gzip, for a client that asks; the SDK's layers and fetch ask, undici.request and the
 * platform's undici loop do not), or `identity`, the emulator started with `--no-compress` so that
 * every client receives the same uncompressed bodies.
 */
type Bodies = "served" | "identity"
const bodiesTitle: Readonly<Record<Bodies, string>> = {
  served: "As the server sends it",
  identity: "Identity bodies for all"
}
const walkBodies: ReadonlyArray<Bodies> = (() => {
  const picked = list("BENCH_WALK_BODIES", "served,identity")
  for (const bodies of picked) {
    if (bodies !== "served" && bodies !== "identity") {
      throw new Error(`BENCH_WALK_BODIES lists served and/or identity, got ${JSON.stringify(bodies)}`)
    }
  }
  return (["served", "identity"] as const).filter((bodies) => picked.includes(bodies))
})()
if (walkBodies.length === 0) throw new Error("BENCH_WALK_BODIES must list served and/or identity")

/**
 * What the walk part runs. `child`: whose child process runs it; `line`: the Effect line it measures
 * (none for the hand-written loops); `identity`: also run with identity bodies (the rows the ratios
 * and targets need, the hand-written floors and each line's platform loops and SDK).
 */
interface WalkScenario {
  readonly scenario: string
  readonly child: Line
  readonly line: Line | undefined
  readonly identity: boolean
}

const walkScenarios: ReadonlyArray<WalkScenario> = [
  { scenario: rawFetch, child: "effect3", line: undefined, identity: true },
  { scenario: rawUndici, child: "effect3", line: undefined, identity: true },
  { scenario: "raw fetch + core schema", child: "effect3", line: "effect3", identity: false },
  { scenario: "got.paginate", child: "effect3", line: undefined, identity: false },
  { scenario: platformUndici, child: "effect3", line: "effect3", identity: true },
  { scenario: platformFetch, child: "effect3", line: "effect3", identity: true },
  { scenario: sutroUndici, child: "effect3", line: "effect3", identity: true },
  { scenario: sutroFetch, child: "effect3", line: "effect3", identity: true },
  { scenario: httpUndici, child: "effect4", line: "effect4", identity: true },
  { scenario: httpFetch, child: "effect4", line: "effect4", identity: true },
  { scenario: sutroUndici, child: "effect4", line: "effect4", identity: true },
  { scenario: sutroFetch, child: "effect4", line: "effect4", identity: true }
]

/** The bare platform loop of `line` over the transport `scenario` uses (fetch, or undici). */
const platformLoopOf = (line: Line, scenario: string) =>
  scenario.includes("fetch")
    ? (line === "effect3" ? platformFetch : httpFetch)
    : (line === "effect3" ? platformUndici : httpUndici)

interface WalkRow {
  readonly scenario: string
  readonly child: Line
  readonly line: Line | undefined
  readonly cold: number
  readonly coldCpu: number
  readonly warm: number
  readonly warmCpu: number
  readonly rssMb: number
}

type WalkTarget = {
  readonly figure: string
  readonly target: number
  readonly measure: (row: (scenario: string) => WalkRow, line: Line) => number
}

type Measure = "cold" | "warm" | "coldCpu" | "warmCpu"

/** `scenario` against the line's platform loop over the same transport. */
const vsPlatform = (figure: string, target: number, scenario: string, measure: Measure): WalkTarget => ({
  figure,
  target,
  measure: (row, line) => row(scenario)[measure] / row(platformLoopOf(line, scenario))[measure]
})

/** `scenario`'s cold wall against the raw fetch loop's. */
const vsRawFetch = (figure: string, scenario: string): WalkTarget => ({
  figure,
  target: 1.2,
  measure: (row) => row(scenario).cold / row(rawFetch).cold
})

const walkTargets: ReadonlyArray<WalkTarget> = [
  vsPlatform("walk, wall, sutro-effect (undici) x the line's platform loop (undici), cold", 1.1, sutroUndici, "cold"),
  vsPlatform("same, warm", 1.1, sutroUndici, "warm"),
  vsPlatform(
    "walk, client CPU, sutro-effect (undici) x the line's platform loop (undici), cold",
    1.25,
    sutroUndici,
    "coldCpu"
  ),
  vsPlatform("same, warm", 1.25, sutroUndici, "warmCpu"),
  vsPlatform(
    "walk, client CPU, sutro-effect (fetch) x the line's platform loop (fetch), cold",
    1.25,
    sutroFetch,
    "coldCpu"
  ),
  vsPlatform("same, warm", 1.25, sutroFetch, "warmCpu"),
  vsRawFetch("walk, wall, sutro-effect (undici) x raw fetch loop, cold", sutroUndici),
  vsRawFetch("walk, wall, sutro-effect (fetch) x raw fetch loop, cold", sutroFetch)
]

const walkPart = async (main: Emulator) => {
  const started = machine()
  const lines: ReadonlyArray<Line> = effect4Skipped === undefined ? ["effect3", "effect4"] : ["effect3"]
  if (effect4Skipped !== undefined) progress(`walk, Effect 4 line: ${effect4Skipped}`)
  const measured = walkScenarios.filter((s) => lines.includes(s.child))
  // Every variant's processes, both lines', interleaved in one rotation; the identity variant against
  // an emulator of its own, started with --no-compress.
  const runs = walkBodies.flatMap((bodies) =>
    measured
      .filter((s) => bodies === "served" || s.identity)
      .map((s) => ({ ...s, bodies, key: `${bodies}/${s.child}/${s.scenario}` }))
  )
  const samples = new Map<string, Array<WalkSample>>(runs.map((run) => [run.key, []]))
  const identity = walkBodies.includes("identity")
    ? await start(config.jobs, apiKey, 0, { compress: false })
    : undefined
  try {
    for (let round = 0; round < config.rounds; round++) {
      for (const run of rotated(runs, round)) {
        const emulator = run.bodies === "served" ? main : identity!
        const sample = runChild<WalkSample>(
          {
            scenario: run.scenario,
            mode: "walk",
            walks: config.walks,
            target: { url: emulator.url, apiKey, pageSize: config.pageSize }
          },
          [],
          run.child
        )
        if (sample.jobs !== config.jobs) {
          throw new Error(`${run.key} saw ${sample.jobs} jobs, expected ${config.jobs}`)
        }
        samples.get(run.key)!.push(sample)
      }
      progress(`walk: round ${round + 1}/${config.rounds} done`)
    }
  } finally {
    identity?.stop()
  }
  const rowsOf = (bodies: Bodies): Array<WalkRow> =>
    runs.filter((run) => run.bodies === bodies).map((run) => {
      const got = samples.get(run.key)!
      return {
        scenario: run.scenario,
        child: run.child,
        line: run.line,
        cold: median(got.map((s) => s.walks[0].millis)) / 1000,
        coldCpu: median(got.map((s) => s.walks[0].cpuMillis)) / 1000,
        warm: median(got.map((s) => s.walks[s.walks.length - 1].millis)) / 1000,
        warmCpu: median(got.map((s) => s.walks[s.walks.length - 1].cpuMillis)) / 1000,
        rssMb: median(got.map((s) => s.maxRssKb)) / 1024
      }
    })
  const lineCell = (line: Line | undefined) => line === undefined ? "— (no Effect)" : lineName(line)
  const variant = (bodies: Bodies) => {
    const rows = rowsOf(bodies)
    // The hand-written floors run once, in the Effect 3 line's child; the others on their own line.
    const row = (scenario: string, line?: Line) =>
      rows.find((r) => r.scenario === scenario && (line === undefined ? r.line === undefined : r.line === line))!
    const figures = table(
      [
        "line",
        "scenario",
        "cold s",
        "cold CPU s",
        `warm s (walk ${config.walks})`,
        "warm CPU s",
        "jobs/s (cold)",
        "peak RSS MB"
      ],
      "---|---|---:|---:|---:|---:|---:|---:",
      rows.map((r) => [
        lineCell(r.line),
        r.scenario,
        fixed(r.cold, 3),
        fixed(r.coldCpu, 3),
        fixed(r.warm, 3),
        fixed(r.warmCpu, 3),
        thousands(Math.round(config.jobs / r.cold)),
        fixed(r.rssMb, 0)
      ])
    )
    const raw = row(rawFetch)
    const ratios = table(
      [
        "line",
        "scenario",
        "cold wall x raw fetch",
        "cold wall x raw undici",
        "cold wall x platform",
        "cold CPU x platform",
        "warm wall x platform",
        "warm CPU x platform"
      ],
      "---|---|---:|---:|---:|---:|---:|---:",
      rows.map((r) => {
        // Each Effect client against its own line's platform loop over the same transport.
        const floor = r.line === undefined ? undefined : row(platformLoopOf(r.line, r.scenario), r.line)
        const x = (a: number, b: number | undefined) => b === undefined ? "—" : ratio(a, b)
        return [
          lineCell(r.line),
          r.scenario,
          ratio(r.cold, raw.cold),
          ratio(r.cold, row(rawUndici).cold),
          x(r.cold, floor?.cold),
          x(r.coldCpu, floor?.coldCpu),
          x(r.warm, floor?.warm),
          x(r.warmCpu, floor?.warmCpu)
        ]
      })
    )
    const targets = (line: Line) =>
      walkTargets.map(({ measure }) =>
        measure((scenario) => [rawFetch, rawUndici].includes(scenario) ? row(scenario) : row(scenario, line), line)
      )
    return { figures, ratios, targets }
  }
  const variants = walkBodies.map((bodies) => ({ bodies, ...variant(bodies) }))
  const columns = [...(["effect3", "effect4"] as const)].flatMap((line) =>
    variants.map(({ bodies, targets }) => ({
      title: `${lineName(line)}, ${bodiesTitle[bodies].toLowerCase()}`,
      values: lines.includes(line) ? targets(line) : undefined
    }))
  )
  const served = "The emulator compresses list-jobs bodies for a request that asks " +
    "(br over gzip, as Cloudflare does). The SDK's layers ask for `gzip, br` and fetch for `br, gzip, deflate`, so they " +
    "receive br bodies and pay for decompressing them; `undici.request` and the platform's undici loops ask for " +
    "nothing and receive identity bodies. On loopback that decompression is client CPU a real network repays in bytes."
  const identityText = "An emulator started with `--no-compress`, so every client receives " +
    "the same uncompressed bodies and the ratios show the SDK's own cost over the platform loop."
  report(
    "walk",
    [
      `${thousands(config.jobs)} jobs in pages of ${config.pageSize}, ${config.rounds} round${
        config.rounds === 1 ? "" : "s"
      }, ${config.walks} walks per process, ${
        lines.length === 2 ? "both lines' processes and every variant's" : "every variant's processes"
      } interleaved in one rotation. ` +
      `Machine: ${started}.` +
      (config.rounds < 3 ? ` Fewer than 3 rounds: these medians are of ${config.rounds} sample(s) each.` : ""),
      "",
      "Medians over the rounds. Cold: the first walk of a fresh process (layer construction, connection setup, cold " +
      `JIT; imports excluded). Warm: walk ${config.walks} of the same process. CPU: the client process's user + ` +
      "system time during the walk (the emulator runs in another process). Line: the Effect line a client is built on " +
      "(sutro-effect 0.x on Effect 3 and `@effect/platform`, 1.x on Effect 4 and `effect/http`); the hand-written " +
      "loops use no Effect and run once. \"platform\" in the ratios is the same line's bare platform loop " +
      "(`@effect/platform` or `effect/http` `HttpClient`) over the same transport (undici, or fetch for the " +
      "fetch-based clients).",
      ...(effect4Skipped === undefined ? [] : ["", `${lineName("effect4")}: ${effect4Skipped}.`]),
      ...variants.flatMap(({ bodies, figures, ratios }) => [
        "",
        `**${bodiesTitle[bodies]}.** ${bodies === "served" ? served : identityText}`,
        "",
        figures,
        "",
        ratios
      ]),
      "",
      `Targets, on each line and with the bodies of each variant${
        walkBodies.length === 1 ? ` (only ${bodiesTitle[walkBodies[0]].toLowerCase()} ran)` : ""
      }: measured, and whether it is met.`,
      "",
      table(
        ["figure", "target", ...columns.map((c) => c.title)],
        `---|---:|${columns.map(() => "---:").join("|")}`,
        walkTargets.map(({ figure, target }, i) => [
          figure.startsWith("walk") ? `${thousands(config.jobs)}-job ${figure}` : figure,
          `<= ${target}x`,
          ...columns.map(({ values }) =>
            values === undefined ? "skipped" : `${fixed(values[i], 2)}x, ${yes(values[i] <= target)}`
          )
        ])
      )
    ].join("\n")
  )
}

// -- ops ----------------------------------------------------------------------------------------

const opsPart = (emulator: Emulator) => {
  const started = machine()
  const pages = Math.ceil(config.jobs / config.pageSize)
  const rows = [platformUndici, sutroUndici].map((name) => {
    const result = runChild<{ jobs: number; ops: number; fibers: number }>({
      scenario: name,
      mode: "ops",
      target: { url: emulator.url, apiKey, pageSize: config.pageSize }
    })
    return [name, thousands(result.ops), fixed(result.ops / pages, 0), fixed(result.fibers / pages, 2)]
  })
  report(
    "ops",
    [
      `A warm walk of ${thousands(config.jobs)} jobs (${thousands(pages)} pages) on the Effect 3 line (0.x) with ` +
      "Effect's op supervision on: " +
      "every operation the fibers of the walk ran (`Supervisor.onEffect`) and every fiber started " +
      `(\`Supervisor.onStart\`). Machine: ${started}.`,
      "",
      table(["scenario", "operations", "operations per page", "fibers started per page"], "---|---:|---:|---:", rows),
      "",
      "The Effect 3 line only: Effect 4 has no `Supervisor` module and no op supervision flag, so nothing can count " +
      "its operations this way (packages/effect4/bench's child has no ops mode)."
    ].join("\n")
  )
}

// -- prefetch -----------------------------------------------------------------------------------

interface PrefetchSample {
  readonly jobs: number
  readonly networkMillis: number
  readonly workMillis: number
  readonly millis: number
}

const prefetchPart = async () => {
  const started = machine()
  const settings = [0, 1, 2]
  const lines: ReadonlyArray<Line> = effect4Skipped === undefined ? ["effect3", "effect4"] : ["effect3"]
  if (effect4Skipped !== undefined) progress(`prefetch, Effect 4 line: ${effect4Skipped}`)
  // Both lines' processes interleaved in one rotation, against one emulator.
  const runs = lines.flatMap((line) => settings.map((prefetch) => ({ line, prefetch, key: `${line}/${prefetch}` })))
  const samples = new Map<string, Array<PrefetchSample>>(runs.map((run) => [run.key, []]))
  await withEmulator(config.prefetchJobs, config.prefetchLatency, async (emulator) => {
    for (let round = 0; round < config.rounds; round++) {
      for (const { key, line, prefetch } of rotated(runs, round)) {
        const sample = runChild<PrefetchSample>(
          {
            scenario: sutroUndici,
            mode: "prefetch",
            workMicros: config.workMicros,
            target: { url: emulator.url, apiKey, pageSize: config.pageSize, prefetch }
          },
          [],
          line
        )
        if (sample.jobs !== config.prefetchJobs) {
          throw new Error(`prefetch ${prefetch} (${lineName(line)}) saw ${sample.jobs} jobs`)
        }
        samples.get(key)!.push(sample)
      }
      progress(`prefetch: round ${round + 1}/${config.rounds} done`)
    }
  })
  const rows = runs.map(({ key, line, prefetch }) => {
    const runs = samples.get(key)!
    const network = median(runs.map((run) => run.networkMillis))
    const work = median(runs.map((run) => run.workMillis))
    const wall = median(runs.map((run) => run.millis))
    const x = median(runs.map((run) => run.millis / Math.max(run.networkMillis, run.workMillis)))
    return { line, prefetch, network, work, wall, x }
  })
  const pages = Math.ceil(config.prefetchJobs / config.pageSize)
  const verdict = (line: Line) => {
    if (!lines.includes(line)) return `${lineName(line)}: ${effect4Skipped}`
    const one = rows.find((r) => r.line === line && r.prefetch === 1)!
    return `${lineName(line)}: measured ${fixed(one.x, 2)}x (${one.x <= 1.1 ? "met" : "not met"})`
  }
  report(
    "prefetch",
    [
      `sutro-effect (node, undici) on both lines (\`NodeSutroClient.layer\`: 0.x over \`@effect/platform-node\` 0.x and ` +
      `undici 7, 1.x over \`@effect/platform-node\` 4 and undici 8), ${thousands(config.prefetchJobs)} jobs ` +
      `(${pages} pages of ${config.pageSize}), the emulator answering each request after ${config.prefetchLatency} ms ` +
      `(\`--latency\`), the consumer (\`Stream.runForEach\`) busy-waiting ${config.workMicros} µs per job, ` +
      "synchronously. In each process: a cold walk (discarded), a walk with no consumer work (network), then the walk " +
      "with the work; the two lines' processes are interleaved in one rotation against one emulator. Ideal: " +
      `max(network, work); "x ideal" is the median over ${config.rounds} rounds of wall / ideal. Machine: ${started}.`,
      "",
      table(
        ["line", "prefetch", "network s", "work s", "wall s", "x ideal"],
        "---|---:|---:|---:|---:|---:",
        [
          ...rows.map((r) => [
            lineName(r.line),
            String(r.prefetch),
            fixed(r.network / 1000, 3),
            fixed(r.work / 1000, 3),
            fixed(r.wall / 1000, 3),
            `${fixed(r.x, 2)}x`
          ]),
          ...(effect4Skipped === undefined ? [] : [[lineName("effect4"), "0, 1, 2", "—", "—", "—", "skipped"]])
        ]
      ),
      "",
      `Target: prefetch 1 at <= 1.1x ideal on each line. ${verdict("effect3")}. ${verdict("effect4")}.`
    ].join("\n")
  )
}

// -- memory -------------------------------------------------------------------------------------

interface MemorySample {
  readonly jobs: number
  readonly millis: number
  readonly heapAfterGcMb: number
  readonly maxHeapAfterGcMb: number
  readonly maxRssKb: number
}

const memoryScenarios: ReadonlyArray<{ readonly scenario: string; readonly line: Line | undefined }> = [
  { scenario: rawFetch, line: undefined },
  { scenario: platformUndici, line: "effect3" },
  { scenario: sutroUndici, line: "effect3" },
  { scenario: httpUndici, line: "effect4" },
  { scenario: sutroUndici, line: "effect4" }
]

const memoryPart = async (main: Emulator | undefined) => {
  const started = machine()
  const lines: ReadonlyArray<Line> = effect4Skipped === undefined ? ["effect3", "effect4"] : ["effect3"]
  if (effect4Skipped !== undefined) progress(`memory, Effect 4 line: ${effect4Skipped}`)
  // Both lines' processes interleaved in one rotation; the hand-written loop runs in the Effect 3 line's child.
  const runs = memoryScenarios
    .filter((s) => s.line === undefined || lines.includes(s.line))
    .map((s) => ({ ...s, child: s.line ?? "effect3", key: `${s.line ?? "none"}/${s.scenario}` }))
  const results = new Map<string, Map<number, Array<MemorySample>>>(
    runs.map((run) => [run.key, new Map(config.memorySizes.map((size) => [size, []]))])
  )
  for (const size of config.memorySizes) {
    const measure = async (emulator: Emulator) => {
      for (let round = 0; round < config.memoryRounds; round++) {
        for (const run of rotated(runs, round)) {
          const sample = runChild<MemorySample>(
            {
              scenario: run.scenario,
              mode: "memory",
              expectedJobs: size,
              target: { url: emulator.url, apiKey, pageSize: config.pageSize }
            },
            ["--expose-gc"],
            run.child
          )
          if (sample.jobs !== size) throw new Error(`${run.key} saw ${sample.jobs} jobs, expected ${size}`)
          results.get(run.key)!.get(size)!.push(sample)
        }
      }
      progress(`memory: ${size} jobs done`)
    }
    if (main !== undefined && size === config.jobs) await measure(main)
    else await withEmulator(size, 0, measure)
  }
  const smallest = Math.min(...config.memorySizes)
  const largest = Math.max(...config.memorySizes)
  const lineCell = (line: Line | undefined) => line === undefined ? "— (no Effect)" : lineName(line)
  const rows: Array<Array<string>> = []
  const growth: Array<Array<string>> = []
  const heapGrowth = new Map<Line, { readonly change: number; readonly bytesPerJob: number }>()
  for (const run of runs) {
    const bySize = results.get(run.key)!
    const figure = (size: number) => {
      const got = bySize.get(size)!
      return {
        rss: median(got.map((s) => s.maxRssKb)) / 1024,
        heap: median(got.map((s) => s.heapAfterGcMb)),
        maxHeap: median(got.map((s) => s.maxHeapAfterGcMb)),
        seconds: median(got.map((s) => s.millis)) / 1000
      }
    }
    for (const size of config.memorySizes) {
      const f = figure(size)
      rows.push([
        lineCell(run.line),
        run.scenario,
        thousands(size),
        fixed(f.rss, 0),
        fixed(f.heap, 1),
        fixed(f.maxHeap, 1),
        fixed(f.seconds, 2)
      ])
    }
    if (largest !== smallest) {
      const [a, b] = [figure(smallest), figure(largest)]
      const change = (x: number, y: number) =>
        `${y >= x ? "+" : ""}${fixed(y - x, 1)} MB (${y >= x ? "+" : ""}${fixed((y / x - 1) * 100, 0)}%)`
      growth.push([
        lineCell(run.line),
        run.scenario,
        change(a.heap, b.heap),
        change(a.maxHeap, b.maxHeap),
        change(a.rss, b.rss)
      ])
      if (run.scenario === sutroUndici && run.line !== undefined) {
        heapGrowth.set(run.line, {
          change: b.heap / a.heap - 1,
          bytesPerJob: (b.heap - a.heap) * 2 ** 20 / (largest - smallest)
        })
      }
    }
  }
  const targetRow = (line: Line) => {
    const figure = `${lineName(line)}: sutro-effect (node, undici), heap after GC at the end, ` +
      `${thousands(largest)} vs ${thousands(smallest)} jobs`
    const measured = heapGrowth.get(line)
    if (!lines.includes(line)) return [figure, "skipped", "within 5%", "—"]
    if (measured === undefined) return [figure, "— (needs two sizes)", "within 5%", "—"]
    return [
      figure,
      `${measured.change >= 0 ? "+" : ""}${fixed(measured.change * 100, 1)}%`,
      "within 5%",
      yes(Math.abs(measured.change) <= 0.05)
    ]
  }
  const perJob = lines.flatMap((line) => {
    const measured = heapGrowth.get(line)
    return measured === undefined ? [] : [`${fixed(measured.bytesPerJob, 1)} bytes per job on the ${lineName(line)}`]
  })
  report(
    "memory",
    [
      `One walk per process (node --expose-gc), ${config.memoryRounds} round(s), medians` +
      (lines.length === 2 ? ", both lines' processes interleaved in one rotation" : "") +
      ". Heap after GC: " +
      "`global.gc()` then `heapUsed` plus `arrayBuffers` (the backing stores of typed arrays, which `heapUsed` leaves out), taken inside the walk at every tenth of it and at its last job (while the " +
      "walk still holds whatever it keeps); \"end\" is the sample at the last job, \"max\" the largest sample. " +
      "Each walk visits every job (`Stream.runForEach` for the Effect clients). " +
      `Machine: ${started}.`,
      ...(effect4Skipped === undefined ? [] : ["", `${lineName("effect4")}: ${effect4Skipped}.`]),
      "",
      table(
        ["line", "scenario", "jobs", "peak RSS MB", "heap after GC, end, MB", "heap after GC, max, MB", "walk s"],
        "---|---|---:|---:|---:|---:|---:",
        rows
      ),
      ...(growth.length === 0 ? [] : [
        "",
        `${thousands(largest)} jobs against ${thousands(smallest)}:`,
        "",
        table(
          ["line", "scenario", "heap after GC, end", "heap after GC, max", "peak RSS"],
          "---|---|---:|---:|---:",
          growth
        )
      ]),
      "",
      table(["figure", "measured", "target", "met"], "---|---:|---:|---", [
        targetRow("effect3"),
        targetRow("effect4")
      ]),
      "",
      "The SDK's walk keeps every job id it has delivered, so that it can refuse a job the server sends twice: " +
      "its heap grows with the length of the walk" +
      (perJob.length === 0 ? "." : ` (measured here: ${perJob.join(", ")}).`)
    ].join("\n")
  )
}

// -- cli ----------------------------------------------------------------------------------------

const cliPart = () => {
  const started = machine()
  const cliPackage = JSON.parse(Fs.readFileSync(`${repoRoot}packages/cli/package.json`, "utf8")) as {
    readonly bin: string | Readonly<Record<string, string>>
  }
  const binPath = Path.posix.normalize(
    typeof cliPackage.bin === "string" ? cliPackage.bin : Object.values(cliPackage.bin)[0]
  )
  const bin = `${repoRoot}packages/cli/${binPath}`
  const time = (args: ReadonlyArray<string>) => {
    const start = performance.now()
    const run = spawnSync(process.execPath, args, { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } })
    const millis = performance.now() - start
    if (run.status !== 0) throw new Error(`node ${args.join(" ")} exited with ${run.status}: ${run.stderr}`)
    return millis
  }
  const runs = { help: [] as Array<number>, empty: [] as Array<number> }
  for (let round = 0; round < config.cliRounds; round++) {
    runs.help.push(time([bin, "--help"]))
    runs.empty.push(time(["-e", "0"]))
  }
  const help = median(runs.help)
  const empty = median(runs.empty)
  report(
    "cli",
    [
      `\`node packages/cli/${binPath} --help\` (the \`sutro-jobs\` bin of packages/cli/package.json) against ` +
      `\`node -e 0\`, ${config.cliRounds} rounds interleaved, wall time of the whole process, medians. ` +
      `Machine: ${started}.`,
      "",
      table(["command", "median ms"], "---|---:", [
        [`node packages/cli/${binPath} --help`, fixed(help, 0)],
        ["node -e 0", fixed(empty, 0)]
      ]),
      "",
      `Ratio: ${fixed(help / empty, 2)}x \`node -e 0\` (target: at most 2x; ${help / empty <= 2 ? "met" : "not met"}).`
    ].join("\n")
  )
}

// -- excerpt ------------------------------------------------------------------------------------

// What reading a hostile 1 MB error body costs: ApiErrorBody.fromText (JSON.parse, then the
// excerpt of a bounded prefix), as the client does for every non-2xx or non-JSON response.
const excerptPart = () => {
  const started = machine()
  const size = 1 << 20
  const bodies: ReadonlyArray<[string, string]> = [
    ["1 MB of `<`", "<".repeat(size)],
    ["repeated `<title`", "<title".repeat(size / 6)],
    ["unclosed tags", "<div class=\"" + "a".repeat(size)],
    ["deep nesting", "<div>".repeat(size / 11) + "x" + "</div>".repeat(size / 11)],
    ["multi-byte text", "日本語のエラー".repeat(size / 7)],
    [
      "a Cloudflare page padded to 1 MB",
      `<html><head><title>502: Bad gateway</title></head><body>${" ".repeat(size)}</body>`
    ]
  ]
  const rows = bodies.map(([name, body]) => {
    const times: Array<number> = []
    for (let round = 0; round < 21; round++) {
      const start = performance.now()
      ApiErrorBody.fromText(body, "text/html")
      times.push(performance.now() - start)
    }
    return [name, fixed(median(times), 3)]
  })
  report(
    "excerpt",
    [
      `\`ApiErrorBody.fromText\` on 1 MB bodies (median of 21 runs in one process), what the client runs on ` +
      `every error or non-JSON body. The regular expressions this replaced took 7 s for 100 KB of \`<\` and 26 s for 200 KB (quadratic). ` +
      `Machine: ${started}.`,
      "",
      table(["body", "median ms"], "---|---:", rows)
    ].join("\n")
  )
}

// -- link ---------------------------------------------------------------------------------------

/**
 * The bytes the server sends for a whole walk to a client that asks for `gzip, br` (what the Node layers
 * ask, zstd aside), counted on loopback against an emulator seeded as the link's is: bodies as sent
 * (compressed), not headers. With the page count it gives the link's physical limit.
 */
const compressedWalk = (url: string, jobs: number) =>
  new Promise<{ pages: number; bytes: number; encoding: string }>((resolve, reject) => {
    let pages = 0
    let bytes = 0
    let encoding = "identity"
    let seen = 0
    const next = (cursor: string | null) => {
      const target = new URL(`${url}/list-jobs?limit=${config.pageSize}`)
      if (cursor !== null) target.searchParams.set("cursor", cursor)
      Http.get(target, { headers: { authorization: `Key ${apiKey}`, "accept-encoding": "gzip, br" } }, (res) => {
        const chunks: Array<Buffer> = []
        res.on("data", (chunk: Buffer) => chunks.push(chunk))
        res.on("error", reject)
        res.on("end", () => {
          const body = Buffer.concat(chunks)
          pages++
          bytes += body.length
          encoding = res.headers["content-encoding"] ?? "identity"
          const text = encoding === "br"
            ? Zlib.brotliDecompressSync(body)
            : encoding === "gzip"
            ? Zlib.gunzipSync(body)
            : body
          const page = JSON.parse(text.toString("utf8")) as { jobs: Array<unknown>; next_cursor: string | null }
          seen += page.jobs.length
          if (page.next_cursor) next(page.next_cursor)
          else if (seen !== jobs) reject(new Error(`the compressed walk saw ${seen} jobs, expected ${jobs}`))
          else resolve({ pages, bytes, encoding })
        })
      }).on("error", reject)
    }
    next(null)
  })

/** What the link part runs: the hand-written floors once, each line's platform loop and SDK. */
const linkRuns: ReadonlyArray<{ readonly name: string; readonly scenario: string; readonly line: Line }> = [
  { name: "raw fetch + JSON.parse", scenario: rawFetch, line: "effect3" },
  { name: "got.paginate", scenario: "got.paginate", line: "effect3" },
  { name: "@effect/platform loop (undici), Effect 3", scenario: platformUndici, line: "effect3" },
  { name: "@effect/platform loop (fetch), Effect 3", scenario: platformFetch, line: "effect3" },
  { name: "sutro-effect (node, undici), Effect 3 line", scenario: sutroUndici, line: "effect3" },
  { name: "sutro-effect (fetch), Effect 3 line", scenario: sutroFetch, line: "effect3" },
  { name: "effect/http loop (undici), Effect 4", scenario: "effect/http loop (undici)", line: "effect4" },
  { name: "effect/http loop (fetch), Effect 4", scenario: "effect/http loop (fetch)", line: "effect4" },
  { name: "sutro-effect (node, undici), Effect 4 line", scenario: sutroUndici, line: "effect4" },
  { name: "sutro-effect (fetch), Effect 4 line", scenario: sutroFetch, line: "effect4" }
]

const linkPart = async () => {
  const started = machine()
  const title = `Walk of ${thousands(config.linkJobs)} jobs in pages of ${config.pageSize} over a link of ` +
    `${config.linkMbit} Mbit/s with ${config.linkLatency} ms per response`
  const skipped = Link.unavailable()
  if (skipped !== undefined) {
    progress(`link: ${skipped}`)
    report("link", `${title}: ${skipped}. Machine: ${started}.`)
    return
  }
  const runs = linkRuns.filter((run) => run.line === "effect3" || effect4Skipped === undefined)
  if (effect4Skipped !== undefined) progress(`link, Effect 4 line: ${effect4Skipped}`)
  const compressed = await withEmulator(config.linkJobs, 0, (emulator) => compressedWalk(emulator.url, config.linkJobs))
  // The physical limit: every response waits the latency, and every compressed byte crosses at the rate.
  const limitMillis = compressed.pages * config.linkLatency + compressed.bytes * 8 / (config.linkMbit * 1000)
  const link = Link.make({ rateMbit: config.linkMbit })
  const samples = new Map<string, Array<{ millis: number; bytes: number }>>(runs.map((run) => [run.name, []]))
  try {
    const emulator = await start(config.linkJobs, apiKey, config.linkLatency, {
      host: link.serverHost,
      prefix: link.inServer
    })
    try {
      for (let round = 0; round < config.linkRounds; round++) {
        for (const run of rotated(runs, round)) {
          const before = link.clientRxBytes()
          const sample = runChild<WalkSample>(
            {
              scenario: run.scenario,
              mode: "walk",
              walks: 1,
              target: { url: emulator.url, apiKey, pageSize: config.pageSize, allowInsecureHttp: true }
            },
            [],
            run.line,
            link.inClient
          )
          const bytes = link.clientRxBytes() - before
          if (sample.jobs !== config.linkJobs) throw new Error(`${run.name} saw ${sample.jobs} jobs over the link`)
          samples.get(run.name)!.push({ millis: sample.walks[0].millis, bytes })
        }
        progress(`link: round ${round + 1}/${config.linkRounds} done`)
      }
    } finally {
      emulator.stop()
    }
  } finally {
    link.close()
  }
  const rows = runs.map((run) => {
    const measured = samples.get(run.name)!
    return {
      name: run.name,
      millis: median(measured.map((m) => m.millis)),
      bytes: median(measured.map((m) => m.bytes))
    }
  })
  const raw = rows.find((r) => r.name === "raw fetch + JSON.parse")!
  const sdk = rows.filter((r) => r.name.startsWith("sutro-effect"))
  report(
    "link",
    [
      `${title}: two network namespaces joined by a veth pair with a \`tbf\` qdisc at ${config.linkMbit} Mbit/s on ` +
      `both ends (packages/bench/src/link.ts), the emulator (\`--latency ${config.linkLatency}\`) in one and each ` +
      "client, in a fresh process, in the other. Bytes: what the client's end of the link received during the walk " +
      `(\`rx_bytes\`: bodies, headers, TCP/IP). Medians of ${config.linkRounds} interleaved rounds; one cold walk per ` +
      `process. Physical limit: ${compressed.pages} responses x ${config.linkLatency} ms + ` +
      `${thousands(compressed.bytes)} bytes of ${compressed.encoding} bodies (the walk as the server compresses it ` +
      `for \`accept-encoding: gzip, br\`) at ${config.linkMbit} Mbit/s = ${fixed(limitMillis / 1000, 3)} s. ` +
      `Machine: ${started}.`,
      "",
      table(
        ["client", "wall s", "x physical limit", "KB received", "bytes x raw fetch loop"],
        "---|---:|---:|---:|---:",
        rows.map((r) => [
          r.name,
          fixed(r.millis / 1000, 3),
          ratio(r.millis, limitMillis),
          thousands(Math.round(r.bytes / 1024)),
          ratio(r.bytes, raw.bytes)
        ])
      ),
      "",
      table(
        ["figure", "measured", "target", "met"],
        "---|---:|---:|---",
        sdk.flatMap((r) => [
          [
            `${r.name}: wall x physical limit`,
            ratio(r.millis, limitMillis),
            "<= 1.1x",
            yes(r.millis <= 1.1 * limitMillis)
          ],
          [`${r.name}: bytes x raw fetch loop`, ratio(r.bytes, raw.bytes), "<= 1.00x", yes(r.bytes <= raw.bytes)]
        ])
      )
    ].join("\n")
  )
}

const yes = (met: boolean) => met ? "yes" : "no"

// -- run ----------------------------------------------------------------------------------------

const writeDocs = () => {
  let page = Fs.readFileSync(docsPage, "utf8")
  for (const [part, text] of sections) {
    const begin = `<!-- bench:${part}:begin -->`
    const end = `<!-- bench:${part}:end -->`
    const from = page.indexOf(begin)
    const to = page.indexOf(end)
    if (from < 0 || to < from) throw new Error(`docs/benchmarks.md has no ${begin} ... ${end} block`)
    page = `${page.slice(0, from + begin.length)}\n${text}\n${page.slice(to)}`
  }
  Fs.writeFileSync(docsPage, page)
  progress(`wrote ${[...sections.keys()].join(", ")} into docs/benchmarks.md`)
}

const needsMain = ["walk", "ops"].some((part) => config.parts.has(part)) ||
  (config.parts.has("memory") && config.memorySizes.includes(config.jobs))
const main = needsMain ? await startEmulator(config.jobs) : undefined
try {
  if (main !== undefined && config.parts.has("walk")) await walkPart(main)
  if (main !== undefined && config.parts.has("ops")) opsPart(main)
  if (config.parts.has("prefetch")) await prefetchPart()
  if (config.parts.has("memory")) await memoryPart(main)
  if (config.parts.has("cli")) cliPart()
  if (config.parts.has("excerpt")) excerptPart()
  if (config.parts.has("link")) await linkPart()
} finally {
  main?.stop()
}
if (config.docs) writeDocs()

/**
 * `pnpm bench`: walks every job of an emulator with each scenario of `scenarios.ts`, in fresh
 * processes, several rounds interleaved, and reports medians and ratios against the raw fetch
 * loop and got. The emulator runs in its own process so it does not share the client's thread.
 *
 * Environment: BENCH_JOBS (default 100000), BENCH_ROUNDS (default 5), BENCH_PAGE_SIZE (default 100).
 *
 * @since 0.1.0
 */
import { spawn, spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { scenarios } from "./scenarios.js"

const jobs = Number(process.env.BENCH_JOBS ?? 100_000)
const rounds = Number(process.env.BENCH_ROUNDS ?? 5)
const pageSize = Number(process.env.BENCH_PAGE_SIZE ?? 100)
const apiKey = "sk_bench"

const emulatorBin = fileURLToPath(import.meta.resolve("@sutro-effect/emulator/bin"))
const childScript = fileURLToPath(new URL("./child.js", import.meta.url))

const startEmulator = () =>
  new Promise<{ url: string; stop: () => void }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [emulatorBin, "--port", "0", "--jobs", String(jobs), "--seed", "7", "--api-key", apiKey],
      { stdio: ["ignore", "pipe", "inherit"] }
    )
    let out = ""
    child.stdout.on("data", (chunk) => {
      out += chunk
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(out)
      if (match) resolve({ url: match[0], stop: () => child.kill("SIGTERM") })
    })
    child.on("exit", (code) => reject(new Error(`emulator exited with ${code}: ${out}`)))
  })

interface Sample {
  readonly jobs: number
  readonly millis: number
  readonly maxRssKb: number
  readonly heapUsedMb: number
}

const median = (xs: ReadonlyArray<number>) => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

const emulator = await startEmulator()
const samples = new Map<string, Array<Sample>>(Object.keys(scenarios).map((name) => [name, []]))
try {
  console.log(`Walking ${jobs} jobs in pages of ${pageSize} from ${emulator.url}, ${rounds} rounds\n`)
  for (let round = 1; round <= rounds; round++) {
    for (const name of Object.keys(scenarios)) {
      const run = spawnSync(process.execPath, [childScript, name, emulator.url, apiKey, String(pageSize)], {
        encoding: "utf8"
      })
      if (run.status !== 0) throw new Error(`${name} failed: ${run.stderr}`)
      const sample = JSON.parse(run.stdout.trim().split("\n").pop()!) as Sample
      if (sample.jobs !== jobs) throw new Error(`${name} saw ${sample.jobs} jobs, expected ${jobs}`)
      samples.get(name)!.push(sample)
    }
    process.stdout.write(`round ${round}/${rounds} done\n`)
  }
} finally {
  emulator.stop()
}

const summary = [...samples].map(([name, runs]) => ({
  name,
  seconds: median(runs.map((run) => run.millis)) / 1000,
  best: Math.min(...runs.map((run) => run.millis)) / 1000,
  rssMb: median(runs.map((run) => run.maxRssKb)) / 1024
}))
const raw = summary.find((row) => row.name === "raw fetch + JSON.parse")!
const gotRow = summary.find((row) => row.name === "got.paginate")!
console.log("\n| scenario | median s | best s | jobs/s | x raw fetch | x got | peak RSS MB | RSS x raw |")
console.log("|---|---:|---:|---:|---:|---:|---:|---:|")
for (const row of summary) {
  console.log(
    `| ${row.name} | ${row.seconds.toFixed(3)} | ${row.best.toFixed(3)} | ${Math.round(jobs / row.seconds)} | ` +
      `${(row.seconds / raw.seconds).toFixed(2)} | ${(row.seconds / gotRow.seconds).toFixed(2)} | ` +
      `${row.rssMb.toFixed(0)} | ${(row.rssMb / raw.rssMb).toFixed(2)} |`
  )
}
console.log(`\nnode ${process.version}, ${spawnSync("nproc", { encoding: "utf8" }).stdout.trim()} cores`)

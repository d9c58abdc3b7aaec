// The memory a walk keeps to refuse a job id listed twice: protocol's Walk.RewindGuard (the fingerprints of
// delivered ids, Walk.IdFingerprints) against a plain Set<string> of the ids, after walking 10k and 1M ids in
// pages of 100 (each id a fresh string, as JSON.parse makes them). Each figure is measured in a child process:
// heap used plus array buffers (a typed array's store is outside the heap), after a GC, less the same before
// the walk. Not a test: run it by hand, `node --expose-gc --import tsx scripts/walk-memory.ts`.
import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import * as Walk from "../packages/protocol/src/Walk.js"

const sizes = [10_000, 1_000_000]
const kinds = ["RewindGuard", "IdFingerprints", "Set<string>"] as const

const used = (): number => {
  globalThis.gc!()
  globalThis.gc!()
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}

const hex = (i: number) => (i * 2654435761 >>> 0).toString(16).padStart(8, "0")
// A job id like the API's, a fresh string each time.
const jobId = (i: number): string => JSON.parse(`"job_${hex(i)}-${hex(i + 1)}-${hex(i + 2)}-${i.toString(16)}"`)

const measure = (kind: string, n: number): number => {
  const before = used()
  let keep: unknown
  if (kind === "RewindGuard") {
    const g = new Walk.RewindGuard<{ id: string; at: number }>(null, (j) => j.id, (j) => j.at)
    for (let p = 0; p * 100 < n; p++) {
      const page = Array.from({ length: 100 }, (_, i) => ({ id: jobId(p * 100 + i), at: n - p }))
      if (g.check(page, p) !== undefined) throw new Error(`page ${p}`)
      g.delivered(page)
    }
    keep = g
  } else if (kind === "IdFingerprints") {
    const s = new Walk.IdFingerprints()
    for (let i = 0; i < n; i++) s.add(jobId(i))
    keep = s
  } else {
    const s = new Set<string>()
    for (let i = 0; i < n; i++) s.add(jobId(i))
    keep = s
  }
  const after = used()
  if (keep === undefined) throw new Error("unreachable")
  return after - before
}

if (process.argv[2] !== undefined) {
  process.stdout.write(String(measure(process.argv[2], Number(process.argv[3]))))
} else {
  const self = fileURLToPath(import.meta.url)
  const mb = (b: number) => (b / 1e6).toFixed(2).padStart(7) + " MB"
  console.log(`${"structure".padEnd(16)}${sizes.map((n) => `${n} ids`.padStart(26)).join("")}`)
  for (const kind of kinds) {
    const cells = sizes.map((n) => {
      const bytes = Number(
        execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", self, kind, String(n)], { encoding: "utf8" })
      )
      return `${mb(bytes)} (${(bytes / n).toFixed(1).padStart(5)} B/id)`.padStart(26)
    })
    console.log(`${kind.padEnd(16)}${cells.join("")}`)
  }
}

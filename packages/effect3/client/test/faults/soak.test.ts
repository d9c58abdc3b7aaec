// The soak: 100,000 jobs over real sockets at a seeded 5% fault rate, with jobs inserted (newer
// ones) and updated in place (older ones not reached yet) while the walk runs. The ids delivered
// must equal the snapshot taken at the start: nothing lost, nothing repeated, nothing new.
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import { SutroClient } from "@sutro-effect/client"
import type { Job } from "@sutro-effect/core"
import { Emulator } from "@sutro-effect/emulator"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as Fs from "node:fs"
import { apiKey, Canary, syncSection } from "./harness.js"

const jobs = 100_000
const seed = 2026
const faultRate = 0.05
const insertBatches = 20
const insertPerBatch = 25
const updates = 200

const documentedJob: Job.JobEncoded = JSON.parse(
  Fs.readFileSync(new URL("../../../../protocol/test/fixtures/list-jobs-examples.json", import.meta.url), "utf8")
).withPagination.jobs[0]

describe("soak", () => {
  it.live(
    "100,000 jobs at a seeded 5% fault rate with concurrent inserts and updates: the ids delivered equal the snapshot",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const canary = new Canary()
        const emulator = yield* Emulator.make({ jobs, seed, faultRate, apiKeys: [apiKey] })
        const snapshot = yield* emulator.jobs
        const expected = snapshot.map((job) => job.job_id)
        const sutro = yield* SutroClient.make({
          apiKey: Redacted.make(apiKey),
          baseUrl: emulator.url,
          retry: { maxRetries: 8, baseDelay: "5 millis", maxDelay: "50 millis", jitter: false }
        })
        const firstPage = yield* Deferred.make<void>()
        const delivered: Array<string> = []
        // Newer jobs land before the walk's position; updated ones keep their place (same creation time).
        const writer = Effect.gen(function*() {
          yield* Deferred.await(firstPage)
          for (let batch = 0; batch < insertBatches; batch++) {
            const inserted = Array.from({ length: insertPerBatch }, (_, i): Job.JobEncoded => ({
              ...documentedJob,
              job_id: `soak-new-${batch}-${i}`,
              status: "QUEUED",
              datetime_created: new Date(Date.UTC(2026, 0, 1) + batch * 1000 + i).toISOString()
            }))
            const from = jobs - updates + (batch * updates) / insertBatches
            const updated = snapshot.slice(from, from + updates / insertBatches).map((job) => ({
              ...job,
              status: "CANCELLED"
            }))
            yield* emulator.insertJobs([...inserted, ...updated])
            yield* Effect.sleep("20 millis")
          }
        })
        const walk = Stream.runForEach(
          sutro.jobs({ pageSize: 100 }),
          (job) =>
            Effect.suspend(() => {
              delivered.push(job.job_id)
              return delivered.length === 1 ? Deferred.succeed(firstPage, undefined) : Effect.void
            })
        )
        const started = Date.now()
        yield* canary.observe(Effect.all([walk, writer], { concurrency: 2, discard: true }))
        const wall = Date.now() - started
        const log = yield* emulator.requestLog
        const faults = new Map<string, number>()
        for (const entry of log) {
          if (entry.fault !== undefined) faults.set(entry.fault, (faults.get(entry.fault) ?? 0) + 1)
        }
        const faultCount = [...faults.values()].reduce((a, b) => a + b, 0)
        console.info(`soak: ${jobs} jobs, ${log.length} requests, ${faultCount} faults, ${wall} ms`)

        expect(delivered.length).toBe(expected.length)
        const firstDifference = delivered.findIndex((id, i) => id !== expected[i])
        expect(firstDifference).toBe(-1)
        expect(new Set(delivered).size).toBe(jobs)
        expect(yield* emulator.jobCount).toBe(jobs + insertBatches * insertPerBatch)
        expect(faultCount).toBeGreaterThan(0.03 * log.length)
        // every fault but Latency (a late, normal answer) costs one retry
        const latency = faults.get("Latency") ?? 0
        expect(log.length).toBe(jobs / 100 + faultCount - latency)
        expect(canary.leaks()).toStrictEqual([])

        const kinds = [...faults.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ${n}`)
        const section = [
          `- ${
            jobs.toLocaleString("en")
          } jobs walked with \`jobs({ pageSize: 100 })\` over real sockets, emulator seed ` +
          `${seed}, fault rate ${faultRate * 100}%.`,
          `- ${log.length.toLocaleString("en")} requests: ${jobs / 100} pages plus one retry per fault other than ` +
          `Latency; ${faultCount} faults (${kinds.join(", ")}).`,
          `- During the walk, ${insertBatches * insertPerBatch} newer jobs were inserted and ${updates} jobs not yet ` +
          `reached were updated in place (status changed).`,
          `- The ids delivered equal the snapshot taken at the start: all ${jobs.toLocaleString("en")}, each once, ` +
          `in order; none of the inserted jobs.`,
          "- Secrets canary: every error, Debug log line and span of the walk was scanned, no key found."
        ].join("\n")
        expect(syncSection("soak", section)).toBeUndefined()
      })).pipe(Effect.provide(NodeHttpClient.layerUndici)),
    120_000
  )
})

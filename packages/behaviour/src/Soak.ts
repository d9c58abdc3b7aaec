/**
 * The soak: 100,000 jobs over real sockets at a seeded 5% fault rate, with jobs inserted (newer
 * ones) and updated in place (older ones not reached yet) while the walk runs. The ids delivered
 * must equal the snapshot taken at the start: nothing lost, nothing repeated, nothing new.
 *
 * @since 0.0.0
 */
import * as Server from "@sutro-effect/emulator/Server"
import * as Assert from "node:assert/strict"
import * as Fs from "node:fs"
import * as Canary from "./Canary.js"
import type * as Driver from "./Driver.js"
import * as Reliability from "./Reliability.js"

const jobs = 100_000
const seed = 2026
const faultRate = 0.05
const insertBatches = 20
const insertPerBatch = 25
const updates = 200

type JobEncoded = Parameters<Server.Handle["insertJobs"]>[0][number]

const sleep = (millis: number) => new Promise<void>((resolve) => setTimeout(resolve, millis))

const documentedJob = (): JobEncoded =>
  JSON.parse(
    Fs.readFileSync(new URL("../../protocol/test/fixtures/list-jobs-examples.json", import.meta.url), "utf8")
  ).withPagination.jobs[0]

/**
 * The soak for one line, as one case.
 *
 * @since 0.0.0
 * @category constructors
 */
export const suite = (driver: Driver.Driver): ReadonlyArray<Driver.Case> => [{
  name:
    "100,000 jobs at a seeded 5% fault rate with concurrent inserts and updates: the ids delivered equal the snapshot",
  timeout: 120_000,
  run: async () => {
    const canary = new Canary.Canary()
    const template = documentedJob()
    const emulator = await Server.start({ jobs, seed, faultRate, apiKeys: [Canary.apiKey] })
    try {
      const snapshot = await emulator.jobs()
      const expected = snapshot.map((job) => job.job_id)
      const client = await driver.client({
        apiKey: Canary.apiKey,
        baseUrl: emulator.url,
        retry: { maxRetries: 8, baseDelayMillis: 5, maxDelayMillis: 50, jitter: false }
      }, canary)
      let started!: () => void
      const firstJob = new Promise<void>((resolve) => started = resolve)
      // Newer jobs land before the walk's position; updated ones keep their place (same creation time).
      const writer = async () => {
        await firstJob
        for (let batch = 0; batch < insertBatches; batch++) {
          const inserted = Array.from({ length: insertPerBatch }, (_, i): JobEncoded => ({
            ...template,
            job_id: `soak-new-${batch}-${i}`,
            status: "QUEUED",
            datetime_created: new Date(Date.UTC(2026, 0, 1) + batch * 1000 + i).toISOString()
          }))
          const from = jobs - updates + (batch * updates) / insertBatches
          const updated = snapshot.slice(from, from + updates / insertBatches).map((job) => ({
            ...job,
            status: "CANCELLED"
          }))
          await emulator.insertJobs([...inserted, ...updated])
          await sleep(20)
        }
      }
      const walk = client.run({ _tag: "jobs", pageSize: 100 }, {
        onDelivered: (count) => {
          if (count === 1) started()
        }
      })
      const [outcome] = await Promise.all([walk.finally(() => started()), writer()]).finally(() => client.close())
      const log = await emulator.requestLog()
      const faults = new Map<string, number>()
      for (const entry of log) {
        if (entry.fault !== undefined) faults.set(entry.fault, (faults.get(entry.fault) ?? 0) + 1)
      }
      const faultCount = [...faults.values()].reduce((a, b) => a + b, 0)
      const delivered = outcome.delivered

      Assert.equal(outcome.error, undefined)
      Assert.equal(outcome.defect, undefined)
      Assert.equal(delivered.length, expected.length)
      Assert.equal(delivered.findIndex((id, i) => id !== expected[i]), -1)
      Assert.equal(new Set(delivered).size, jobs)
      Assert.equal(await emulator.jobCount(), jobs + insertBatches * insertPerBatch)
      Assert.ok(faultCount > 0.03 * log.length, `${faultCount} faults in ${log.length} requests`)
      // every fault but Latency (a late, normal answer) costs one retry
      const latency = faults.get("Latency") ?? 0
      Assert.equal(log.length, jobs / 100 + faultCount - latency)
      Assert.deepStrictEqual(canary.leaks(), [])

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
      Assert.equal(Reliability.syncSection("soak", driver.line, section), undefined)
    } finally {
      await emulator.close()
    }
  }
}]

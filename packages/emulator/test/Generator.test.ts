import { describe, expect, it } from "@effect/vitest"
import { Job, JobStatus, Timestamp } from "@sutro-effect/core"
import { Generator } from "@sutro-effect/emulator"
import * as Schema from "effect/Schema"

const now = "2025-06-02T09:00:00Z"
const jobs = Generator.generateJobs(2000, 42, { now })
const decode = Schema.decodeUnknownSync(Job.Job)

describe("generateJobs", () => {
  it("is deterministic for a seed and now, and differs between seeds", () => {
    expect(Generator.generateJobs(2000, 42, { now })).toStrictEqual(jobs)
    expect(Generator.generateJobs(50, 7, { now })).not.toStrictEqual(Generator.generateJobs(50, 8, { now }))
  })

  it("seeds back from now (default 2025-06-02T09:00:00Z), and refuses a now that is not a date", () => {
    expect(Generator.generateJobs(2000, 42)).toStrictEqual(jobs)
    const age = Date.now() - Date.parse(Generator.generateJobs(1, 42, { now: new Date() })[0].datetime_created!)
    expect(age).toBeGreaterThanOrEqual(0)
    expect(age).toBeLessThan(11 * 60_000)
    expect(() => Generator.generateJobs(1, 42, { now: "later" })).toThrow("generateJobs: now must be a date")
  })

  it("yields jobs that core's Job schema decodes, with unique ids", () => {
    for (const job of jobs) decode(job)
    expect(new Set(jobs.map((job) => job.job_id)).size).toBe(jobs.length)
    expect(jobs).toHaveLength(2000)
  })

  it("orders newest first by (datetime_created, job_id), null dates last", () => {
    const key = (job: Job.JobEncoded) =>
      job.datetime_created === null ? -Infinity : Timestamp.parseMillis(job.datetime_created)!
    for (let i = 1; i < jobs.length; i++) {
      const a = jobs[i - 1], b = jobs[i]
      expect(key(a) > key(b) || (key(a) === key(b) && a.job_id > b.job_id)).toBe(true)
    }
    // ties on the creation time really occur, so the id tie-break is exercised
    const times = jobs.filter((job) => job.datetime_created !== null).map(key)
    expect(new Set(times).size).toBeLessThan(times.length)
  })

  it("covers every status spelling a client must survive", () => {
    const raw = new Set(jobs.map((job) => job.status))
    for (const status of JobStatus.known) expect(raw).toContain(status)
    expect([...raw].some((s) => s !== s.toUpperCase() && JobStatus.normalize(s) !== undefined && s !== "pending")).toBe(
      true
    )
    expect(raw).toContain("pending")
    expect([...raw].some((s) => JobStatus.normalize(s) === undefined)).toBe(true)
  })

  it("varies models, priorities, run types, and leaves about 1% of creation dates null", () => {
    expect(new Set(jobs.map((job) => job.model)).size).toBeGreaterThanOrEqual(5)
    expect(new Set(jobs.map((job) => job.job_priority))).toStrictEqual(new Set([0, 1]))
    expect(jobs.some((job) => job.run_type === "FULL")).toBe(true)
    expect(jobs.some((job) => !("run_type" in job))).toBe(true)
    const nulls = jobs.filter((job) => job.datetime_created === null).length
    expect(nulls).toBeGreaterThanOrEqual(5)
    expect(nulls).toBeLessThanOrEqual(50)
  })

  it("keeps tokens, costs and dates consistent with the status", () => {
    for (const encoded of jobs) {
      const job = decode(encoded)
      const status = JobStatus.isKnown(job.status) ? job.status : undefined
      if (status === "SUCCEEDED") {
        expect(job.datetime_completed).not.toBeNull()
        expect(job.job_cost).not.toBeNull()
        expect(job.input_tokens).not.toBeNull()
        expect(job.failure_reason).toBeNull()
      }
      if (status === "FAILED") {
        expect(job.failure_reason?.message).toEqual(expect.any(String))
        expect(job.datetime_completed).not.toBeNull()
      }
      if (status === "QUEUED") {
        expect(job.datetime_started).toBeNull()
        expect(job.datetime_completed).toBeNull()
      }
      if (status === "RUNNING") expect(job.datetime_completed).toBeNull()
      if (status !== undefined && status !== "FAILED") expect(job.failure_reason).toBeNull()
      if (job.datetime_started !== null && job.datetime_created !== null) {
        expect(job.datetime_started.epochMillis).toBeGreaterThanOrEqual(job.datetime_created.epochMillis)
      }
      if (job.datetime_completed !== null && job.datetime_started !== null) {
        expect(job.datetime_completed.epochMillis).toBeGreaterThanOrEqual(job.datetime_started.epochMillis)
      }
    }
  })

  it("puts job_id last and run_type just before it, as in the documented example", () => {
    const withRunType = jobs.find((job) => "run_type" in job)!
    expect(Object.keys(withRunType).slice(-2)).toStrictEqual(["run_type", "job_id"])
  })
})

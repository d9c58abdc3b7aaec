// Fitting the terminal (issue 28): at 60, 80 and 120 columns no line is wider than the terminal; ids give way
// (cut in the middle) before content, dates lose their year before names are cut, and prose wraps at words.
import { describe, expect, it } from "@effect/vitest"
import { JobWatch } from "@sutro-effect/client"
import * as io from "../src/internal/io.js"
import * as Output from "../src/Output.js"
import * as Watch from "../src/Watch.js"
import { job } from "./helpers.js"

const jobs = [
  job({
    job_id: "job-7a33d23f-1c4e-4b5a-9f0e-0000",
    status: "RUNNING",
    model: "llama-3.3-70b",
    name: "Customer Support Batch: weekly triage of open tickets",
    num_rows: 29527,
    datetime_created: "2026-12-07T13:16:00Z"
  }),
  job({
    job_id: "job-90b53f3b-77aa-4c1d-8e2b-0001",
    status: "SUCCEEDED",
    model: "qwen-3-32b",
    name: "Entity extraction",
    num_rows: 383,
    datetime_created: "2026-12-07T13:11:00Z"
  })
].map(Output.encodeJob)

const lines = (text: string) => text.split("\n").filter((line) => line !== "")

describe("list's table fits the terminal", () => {
  it("at 60, 80 and 120 columns no line is wider", () => {
    for (const width of [60, 80, 120]) {
      const writer = Output.table({ width })
      for (const line of lines(writer.page(jobs))) expect(line.length).toBeLessThanOrEqual(width)
    }
  })

  it("at 80 columns the model is whole: the id loses its middle and the date its year first", () => {
    const [header, first, second] = lines(Output.table({ width: 80 }).page(jobs))
    expect(header).toMatch(/^JOB_ID\s+STATUS\s+MODEL\s+CREATED\s+NAME\s+NUM_ROWS\s+JOB_COST$/)
    expect(first).toContain("  llama-3.3-70b  ")
    expect(second).toContain("  qwen-3-32b  ")
    // Both ends of the id are kept.
    expect(first).toMatch(/^job-7a[^ ]*…[^ ]*-0000 /)
    expect(first).toContain("  12-07 13:16  ")
  })

  it("at 120 columns the ids and dates are whole (names of a usual length)", () => {
    const usual = jobs.map((row) => ({ ...row, name: "Customer Support Batch" }))
    const [, first] = lines(Output.table({ width: 120 }).page(usual))
    expect(first).toMatch(/^job-7a33d23f-1c4e-4b5a-9f0e-0000 /)
    expect(first).toContain("2026-12-07 13:16")
  })

  it("the width is 80 when stdout is not a terminal and COLUMNS is unset", () => {
    const columns = process.env.COLUMNS
    delete process.env.COLUMNS
    try {
      if (process.stdout.isTTY !== true) expect(io.terminalWidth()).toBe(80)
    } finally {
      if (columns !== undefined) process.env.COLUMNS = columns
    }
  })
})

describe("prose and watch lines fit the terminal", () => {
  const text = "Started a local Sutro emulator at http://127.0.0.1:45079 serving 1,000 seeded jobs, with a " +
    "throwaway API key. Everything below goes through the real client over HTTP."
  const words = new Set(text.split(" "))

  it("prose wraps at words: every line fits, and every word is whole", () => {
    for (const width of [60, 80, 120]) {
      const wrapped = Output.wrap(text, width)
      for (const line of wrapped) {
        expect(line.length).toBeLessThanOrEqual(width)
        for (const word of line.split(" ")) expect(words.has(word)).toBe(true)
      }
      expect(wrapped.join(" ")).toBe(text)
    }
    expect(Output.wrap("  indented text that goes on and on", 12)).toEqual([
      "  indented",
      "  text that",
      "  goes on",
      "  and on"
    ])
  })

  it("a watch line never wraps: the detail is cut, the id shortened in the middle", () => {
    const failed = job({
      job_id: "job-7a33d23f-1c4e-4b5a-9f0e-0000",
      status: "FAILED",
      failure_reason: { message: "The dataset ds_123 was not found in the organization's storage bucket; check it" }
    })
    const event = JobWatch.JobEvent.Finished({ job: failed })
    for (const width of [60, 80, 120]) {
      const row = Watch.eventRow(event, Date.UTC(2026, 0, 1), width)
      expect(row.length - 1).toBeLessThan(width)
      expect(Watch.eventHeader(width).length - 1).toBeLessThan(width)
      expect(row).toMatch(/^00:00:00  Finished  job-7a/)
      expect(row).toContain("…")
    }
    expect(Watch.eventRow(event, 0, 120)).toContain("job-7a33d23f-1c4e-4b5a-9f0e-0000")
  })
})

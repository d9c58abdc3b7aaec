import { describe, expect, it } from "@effect/vitest"
import * as Stats from "../src/Stats.js"
import { job } from "./helpers.js"

const timed = (id: string, seconds: number, extra = {}) =>
  job({
    job_id: id,
    datetime_started: "2024-01-15T10:00:00Z",
    datetime_completed: new Date(Date.parse("2024-01-15T10:00:00Z") + seconds * 1000).toISOString(),
    ...extra
  })

describe("Stats", () => {
  it("median averages the middle pair; p95 is nearest-rank", () => {
    expect(Stats.median([])).toBeNull()
    expect(Stats.median([1, 2, 3])).toBe(2)
    expect(Stats.median([1, 2, 3, 10])).toBe(2.5)
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(Stats.percentile(hundred, 95)).toBe(95)
    expect(Stats.percentile([7], 95)).toBe(7)
    expect(Stats.percentile(Array.from({ length: 20 }, (_, i) => i + 1), 95)).toBe(19)
  })

  it("counts by status and model, sums tokens and cost, and times started-to-completed", () => {
    const acc = Stats.empty()
    Stats.add(acc, timed("a", 10, { status: "succeeded", input_tokens: 100, output_tokens: 10, job_cost: 0.1 }))
    Stats.add(acc, timed("b", 30, { status: "SUCCEEDED", model: "qwen", input_tokens: null, job_cost: 0.2 }))
    Stats.add(
      acc,
      timed("c", 20, {
        status: "failed",
        failure_reason: { message: "CUDA  out of\nmemory" },
        output_tokens: 5,
        job_cost: null
      })
    )
    Stats.add(acc, job({ job_id: "d", status: "paused_for_review", datetime_started: null, datetime_completed: null }))
    Stats.add(acc, timed("e", 5, { status: "FAILED", failure_reason: { message: "CUDA out of memory" } }))
    Stats.add(acc, timed("f", 5, { status: "FAILED", failure_reason: { message: "bad input" } }))
    const summary = Stats.summarize(acc)
    expect(summary.jobs).toBe(6)
    expect(summary.by_status).toEqual({ FAILED: 3, SUCCEEDED: 2, paused_for_review: 1 })
    expect(summary.by_model).toEqual({ "llama-3.1-8b": 5, qwen: 1 })
    expect(summary.input_tokens).toBe(100 + 15420 * 4)
    expect(summary.output_tokens).toBe(10 + 8230 * 4 + 5)
    expect(summary.total_cost).toBeCloseTo(0.1 + 0.2 + 0.0234 * 3, 9)
    expect(summary.run_time_seconds).toEqual({ jobs: 5, median: 10, p95: 30 })
    expect(summary.top_failures).toEqual([{ message: "CUDA out of memory", count: 2 }, {
      message: "bad input",
      count: 1
    }])
  })

  it("renders a readable table, and says so when there are no jobs", () => {
    const acc = Stats.empty()
    Stats.add(acc, timed("a", 125, { failure_reason: { message: "boom" }, status: "failed" }))
    const text = Stats.renderTable(Stats.summarize(acc))
    expect(text).toContain("1 job\n")
    expect(text).toMatch(/FAILED\s+1\s+100\.0%/)
    expect(text).toMatch(/median run time\s+2m 05s/)
    expect(text).toMatch(/Most frequent failures\n\s+1 {2}boom/)
    expect(Stats.renderTable(Stats.summarize(Stats.empty()))).toBe("0 jobs\n")
    expect(Stats.formatDuration(42.25)).toBe("42.3s")
    expect(Stats.formatDuration(7325)).toBe("2h 02m")
  })
})

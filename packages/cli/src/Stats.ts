/**
 * The aggregation behind `sutro-jobs stats`: counts by status and model, token sums, total cost,
 * run-time median and p95, and the most frequent failure messages. Jobs are added one at a time,
 * so a listing is summarised as it streams (only the run times are kept, one number per job).
 *
 * @since 0.1.0
 */
import { type Job, JobStatus } from "@sutro-effect/core"
import * as DateTime from "effect/DateTime"

/**
 * A running aggregate. Mutable on purpose: it is fed millions of jobs.
 *
 * @since 0.1.0
 * @category models
 */
export interface Accumulator {
  jobs: number
  readonly byStatus: Map<string, number>
  readonly byModel: Map<string, number>
  inputTokens: number
  outputTokens: number
  totalCost: number
  costed: number
  readonly runSeconds: Array<number>
  readonly failures: Map<string, number>
}

/**
 * @since 0.1.0
 * @category constructors
 */
export const empty = (): Accumulator => ({
  jobs: 0,
  byStatus: new Map(),
  byModel: new Map(),
  inputTokens: 0,
  outputTokens: 0,
  totalCost: 0,
  costed: 0,
  runSeconds: [],
  failures: new Map()
})

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1)

/**
 * A failure message as it is counted: whitespace collapsed, at most 120 characters.
 *
 * @since 0.1.0
 * @category formatting
 */
export const failureKey = (message: string): string => {
  const line = message.replace(/\s+/g, " ").trim()
  return line.length > 120 ? line.slice(0, 119) + "…" : line
}

/**
 * Adds one job.
 *
 * @since 0.1.0
 * @category combinators
 */
export const add = (acc: Accumulator, job: Job.Job): void => {
  acc.jobs++
  bump(acc.byStatus, JobStatus.toString(job.status))
  bump(acc.byModel, job.model)
  if (job.input_tokens !== null) acc.inputTokens += job.input_tokens
  if (job.output_tokens !== null) acc.outputTokens += job.output_tokens
  if (job.job_cost !== null) {
    acc.totalCost += job.job_cost
    acc.costed++
  }
  if (job.datetime_started !== null && job.datetime_completed !== null) {
    const millis = DateTime.toEpochMillis(job.datetime_completed) - DateTime.toEpochMillis(job.datetime_started)
    if (millis >= 0) acc.runSeconds.push(millis / 1000)
  }
  if (job.failure_reason !== null) bump(acc.failures, failureKey(job.failure_reason.message))
}

/**
 * The median of sorted numbers (mean of the two middle values for an even count).
 *
 * @since 0.1.0
 * @category statistics
 */
export const median = (sorted: ReadonlyArray<number>): number | null => {
  const n = sorted.length
  if (n === 0) return null
  const mid = Math.floor(n / 2)
  return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/**
 * A percentile of sorted numbers by the nearest-rank method: the smallest value with at least
 * `p`% of the values at or below it.
 *
 * @since 0.1.0
 * @category statistics
 */
export const percentile = (sorted: ReadonlyArray<number>, p: number): number | null =>
  sorted.length === 0 ? null : sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]

/**
 * The summary, as `stats --format json` prints it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Summary {
  readonly jobs: number
  readonly by_status: Record<string, number>
  readonly by_model: Record<string, number>
  readonly input_tokens: number
  readonly output_tokens: number
  readonly total_cost: number
  readonly run_time_seconds: { readonly jobs: number; readonly median: number | null; readonly p95: number | null }
  readonly top_failures: ReadonlyArray<{ readonly message: string; readonly count: number }>
}

const byCount = (map: Map<string, number>): Array<[string, number]> =>
  [...map.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))

/**
 * Summarises an accumulator; `topFailures` failure messages at most (5 by default).
 *
 * @since 0.1.0
 * @category combinators
 */
export const summarize = (acc: Accumulator, topFailures = 5): Summary => {
  const sorted = [...acc.runSeconds].sort((a, b) => a - b)
  return {
    jobs: acc.jobs,
    by_status: Object.fromEntries(byCount(acc.byStatus)),
    by_model: Object.fromEntries(byCount(acc.byModel)),
    input_tokens: acc.inputTokens,
    output_tokens: acc.outputTokens,
    // Cents of a cent matter little; floating sums of many small costs drift in the last digits.
    total_cost: Math.round(acc.totalCost * 1e6) / 1e6,
    run_time_seconds: { jobs: sorted.length, median: median(sorted), p95: percentile(sorted, 95) },
    top_failures: byCount(acc.failures).slice(0, topFailures).map(([message, count]) => ({ message, count }))
  }
}

/**
 * A duration for people: `42.5s`, `3m 05s`, `2h 07m`.
 *
 * @since 0.1.0
 * @category formatting
 */
export const formatDuration = (seconds: number): string => {
  if (seconds < 60) return `${Number(seconds.toFixed(1))}s`
  const s = Math.round(seconds)
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`
}

const int = (n: number) => n.toLocaleString("en-US")

/**
 * The summary as aligned text.
 *
 * @since 0.1.0
 * @category formatting
 */
export const renderTable = (summary: Summary): string => {
  const lines: Array<string> = []
  const section = (title: string, entries: ReadonlyArray<[string, string]>) => {
    lines.push(title)
    const width = Math.max(0, ...entries.map(([k]) => k.length))
    const valueWidth = Math.max(0, ...entries.map(([, v]) => v.length))
    for (const [k, v] of entries) lines.push(`  ${k.padEnd(width)}  ${v.padStart(valueWidth)}`)
    lines.push("")
  }
  const counts = (record: Record<string, number>): Array<[string, string]> => {
    const entries = Object.entries(record)
    const width = Math.max(...entries.map(([, n]) => int(n).length))
    return entries.map((
      [k, n]
    ) => [k, `${int(n).padStart(width)}  ${((100 * n) / summary.jobs).toFixed(1).padStart(5)}%`])
  }
  lines.push(`${int(summary.jobs)} job${summary.jobs === 1 ? "" : "s"}`, "")
  if (summary.jobs === 0) return lines.join("\n")
  section("By status", counts(summary.by_status))
  section("By model", counts(summary.by_model))
  const rt = summary.run_time_seconds
  section("Usage", [
    ["input tokens", int(summary.input_tokens)],
    ["output tokens", int(summary.output_tokens)],
    ["total cost", `$${summary.total_cost.toFixed(2)}`],
    ["median run time", rt.median === null ? "-" : formatDuration(rt.median)],
    ["p95 run time", rt.p95 === null ? "-" : formatDuration(rt.p95)],
    ["timed jobs", int(rt.jobs)]
  ])
  if (summary.top_failures.length > 0) {
    lines.push("Most frequent failures")
    const width = Math.max(...summary.top_failures.map((f) => int(f.count).length))
    for (const f of summary.top_failures) lines.push(`  ${int(f.count).padStart(width)}  ${f.message}`)
    lines.push("")
  }
  return lines.join("\n")
}

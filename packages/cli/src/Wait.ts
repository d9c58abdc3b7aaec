/**
 * `sutro-jobs wait JOB_ID...`: waits until every job has finished (`JobWatch.waitFor`), prints one
 * line per job, and exits with a code that says how they ended (see `ExitCode`): 0 when every job
 * SUCCEEDED, `jobFailed` when any FAILED, `jobCancelled` when any was CANCELLED (and none failed),
 * `unknownJob` for an id that is not listed, `timedOut` after `--timeout`. Progress goes to
 * stderr when it is a terminal.
 *
 * @since 0.1.0
 */
import * as Args from "@effect/cli/Args"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as JobWatch from "@sutro-effect/client/JobWatch"
import type * as SutroClient from "@sutro-effect/client/SutroClient"
import { Job, JobStatus, type SutroError } from "@sutro-effect/core"
import * as Clock from "effect/Clock"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as ExitCode from "./ExitCode.js"
import { visible } from "./Output.js"
import type * as Progress from "./Progress.js"
import * as Watch from "./Watch.js"

/**
 * Why `id` cannot be a job id, when it holds a control character (a trailing CR from a CSV row is
 * the usual one): the message shows the id with the character escaped. `undefined` when it has none.
 *
 * @since 0.1.0
 * @category validation
 */
export const controlProblem = (id: string): string | undefined => {
  if (!/[\u0000-\u001f\u007f-\u009f]/.test(id)) return undefined
  const cr = /\r$/.test(id) ? " (a trailing carriage return: from CSV, whose rows end in CRLF? use --format ids)" : ""
  return `the job id "${visible(id)}" holds a control character${cr}; job ids have none`
}

/**
 * The arguments and flags of `sutro-jobs wait`.
 *
 * @since 0.1.0
 * @category options
 */
export const options = {
  jobIds: Args.text({ name: "JOB_ID" }).pipe(
    Args.withDescription("The jobs to wait for"),
    Args.atLeast(1),
    Args.mapEffect((ids) => {
      const bad = ids.find((id) => controlProblem(id) !== undefined)
      return bad === undefined ? Effect.succeed(ids) : Effect.fail(HelpDoc.p(controlProblem(bad)!))
    })
  ),
  timeout: Watch.spanOption(
    "timeout",
    "Give up after this long (e.g. 30m, 2h); default: wait as long as it takes",
    undefined
  ),
  interval: Watch.spanOption("interval", "Time between polls (default 10s)", "10s"),
  format: Options.choice("format", ["table", "ndjson"] as const).pipe(
    Options.withDescription("table: one line per job; ndjson: each job as the API sends it"),
    Options.withDefault("table" as const)
  )
}

/**
 * What `wait` runs with.
 *
 * @since 0.1.0
 * @category models
 */
export interface Config {
  readonly jobIds: ReadonlyArray<string>
  readonly timeoutMillis?: number | undefined
  readonly intervalMillis: number
  readonly format: "table" | "ndjson"
}

/**
 * How a wait ended when it did not end with every job SUCCEEDED: the exit code and what to print.
 *
 * @since 0.1.0
 * @category errors
 */
export class WaitOutcome extends Data.TaggedError("WaitOutcome")<{
  readonly code: ExitCode.ExitCode
  readonly message: string
  readonly hint: string | undefined
}> {}

const encodeJob = Schema.encodeSync(Job.Job)

/**
 * The exit code for jobs that all finished: 0 when all SUCCEEDED, else `jobFailed` or `jobCancelled`.
 *
 * @since 0.1.0
 * @category reporting
 */
export const codeFor = (jobs: ReadonlyArray<Job.Job>): ExitCode.ExitCode =>
  jobs.some((job) => job.status === "FAILED")
    ? ExitCode.ExitCode.jobFailed
    : jobs.some((job) => job.status === "CANCELLED")
    ? ExitCode.ExitCode.jobCancelled
    : ExitCode.ExitCode.ok

/**
 * The progress line: how many jobs are in each status, and for how long it has waited.
 *
 * @since 0.1.0
 * @category formatting
 */
export const progressLine = (total: number, latest: ReadonlyMap<string, Job.Job>, elapsedMillis: number): string => {
  const counts = new Map<string, number>()
  for (const job of latest.values()) {
    const status = JobStatus.toString(job.status)
    counts.set(status, (counts.get(status) ?? 0) + 1)
  }
  const parts = Array.from(counts, ([status, n]) => `${n} ${visible(status)}`)
  if (latest.size < total) parts.push(`${total - latest.size} not seen yet`)
  return `waiting for ${total} job${total === 1 ? "" : "s"}: ${parts.join(", ")} · ${Math.round(elapsedMillis / 1000)}s`
}

/**
 * Waits, writes one line per job to `write`, and fails with {@link WaitOutcome} unless every job
 * SUCCEEDED.
 *
 * @since 0.1.0
 * @category commands
 */
export const run = (
  config: Config,
  write: (text: string) => Effect.Effect<void>,
  progress: { readonly line: (text: string) => Effect.Effect<void>; readonly done: Effect.Effect<void> }
): Effect.Effect<void, WaitOutcome | SutroError.SutroError, SutroClient.SutroClient> =>
  Effect.gen(function*() {
    const started = yield* Clock.currentTimeMillis
    const latest = new Map<string, Job.Job>()
    const jobs = yield* JobWatch.waitFor(config.jobIds, {
      interval: Duration.millis(config.intervalMillis),
      ...(config.timeoutMillis === undefined ? {} : { timeout: Duration.millis(config.timeoutMillis) }),
      onEvent: (event) =>
        event._tag === "TrackingStopped" ? Effect.void : Effect.flatMap(Clock.currentTimeMillis, (now) => {
          latest.set(event.job.job_id, event.job)
          return progress.line(progressLine(config.jobIds.length, latest, now - started))
        })
    }).pipe(
      Effect.ensuring(progress.done),
      Effect.catchTags({
        UnknownJobError: (error) =>
          new WaitOutcome({
            code: ExitCode.ExitCode.unknownJob,
            message: error.message,
            hint: error.reason === "BeyondMaxPages" ? undefined : "check the id with sutro-jobs list"
          }),
        WaitTimeoutError: (error) =>
          new WaitOutcome({ code: ExitCode.ExitCode.timedOut, message: error.message, hint: undefined })
      })
    )
    yield* write(
      jobs.map((job) =>
        config.format === "ndjson"
          ? JSON.stringify(encodeJob(job)) + "\n"
          : `${visible(job.job_id)}\t${visible(JobStatus.toString(job.status))}${
            job.failure_reason === null ? "" : `\t${visible(job.failure_reason.message)}`
          }\n`
      ).join("")
    )
    const code = codeFor(jobs)
    if (code === ExitCode.ExitCode.ok) return
    const bad = jobs.filter((job) => job.status === "FAILED" || job.status === "CANCELLED")
    return yield* new WaitOutcome({
      code,
      message: `${bad.length} of ${jobs.length} job${jobs.length === 1 ? "" : "s"} did not succeed: ${
        bad.map((job) => visible(`${job.job_id} ${JobStatus.toString(job.status)}`)).join(", ")
      }`,
      hint: undefined
    })
  })

/**
 * A progress display on a terminal's stderr (nothing otherwise).
 *
 * @since 0.1.0
 * @category constructors
 */
export const progressOn = (terminal: Progress.Terminal) => {
  let drawn = false
  return {
    line: (text: string) =>
      Effect.sync(() => {
        if (terminal.isTTY !== true) return
        const width = Math.max(20, (terminal.columns !== undefined && terminal.columns > 0 ? terminal.columns : 80) - 1)
        terminal.write(`\r\x1b[2K${text.length > width ? text.slice(0, width - 1) + "…" : text}`)
        drawn = true
      }),
    done: Effect.sync(() => {
      if (drawn) terminal.write("\r\x1b[2K")
      drawn = false
    })
  }
}

/**
 * The emulator's live mode and change log. In live mode jobs move through
 * `QUEUED -> STARTING -> RUNNING -> SUCCEEDED / FAILED / CANCELLED` (and `RUNNING -> CANCELLING ->
 * CANCELLED`) one clock tick at a time, and new jobs arrive at a configurable rate. Every draw comes
 * from the seed, so the same seed and the same ticks give the same changes. The change log records
 * every change to the emulator's jobs (live ticks, the control API, `insertJobs`, `updateJob`) with
 * a timestamp, so a test can compare what a watcher reported with what happened.
 *
 * @since 0.1.0
 */
import type * as Duration from "effect/Duration"

/**
 * How live mode runs.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /**
   * Time between ticks (default 1 second). `0` turns the clock off: ticks happen only when asked
   * for (`Emulator.advance`, `POST /_emulator/tick`), which makes a test fully reproducible.
   */
  readonly interval?: Duration.DurationInput | undefined
  /** Mean number of new jobs per tick (default 0.5): its whole part every tick, its fraction by chance. */
  readonly arrivals?: number | undefined
  /** The seed of the transitions and the new jobs (default: the emulator's seed). */
  readonly seed?: number | undefined
}

/**
 * One change to a job, as the change log records it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Change {
  /** 1-based, increasing: the order the changes happened in. */
  readonly seq: number
  /** When it happened (ISO 8601). */
  readonly time: string
  /** The live tick it happened in (0 before the first tick, and for changes outside a tick too). */
  readonly tick: number
  readonly job_id: string
  /** `inserted` for a job id not served before, `updated` when a served job changed. */
  readonly kind: "inserted" | "updated"
  /** `live` for a tick of live mode, `control` for the control API, `insertJobs` and `updateJob`. */
  readonly source: "live" | "control"
  /** The job's status after the change, as served. */
  readonly status: string
  /** The status before the change; null for an inserted job. */
  readonly previous_status: string | null
  /** The fields whose value changed (every field for an inserted job). */
  readonly fields: ReadonlyArray<string>
}

/**
 * The statuses live mode finishes jobs with; a job in one of them never changes again by itself.
 *
 * @since 0.1.0
 * @category constants
 */
export const finalStatuses: ReadonlyArray<string> = ["SUCCEEDED", "FAILED", "CANCELLED"]

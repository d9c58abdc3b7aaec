/**
 * The emulator's seeded job generator, for tests and fixtures that want the same realistic jobs
 * without a server.
 *
 * @since 0.1.0
 */
import type * as Job from "@sutro-effect/core/Job"
import * as Generate from "./internal/generate.js"
import { Store } from "./internal/store.js"

/**
 * `count` realistic jobs, in the order the emulator serves them (newest first by creation time,
 * then job id; null creation dates last), seeded back from `options.now` (default
 * 2025-06-02T09:00:00Z, `Emulator.defaultNow`): the newest is created 0 to 10 minutes before it. The same `count`, `seed` and `now`
 * always give the same jobs, and a smaller `count` gives a prefix of the same history (before null
 * dates move to the end).
 *
 * The variety: all 8 canonical statuses plus a few lowercase, legacy (`pending`, `submitted`) and
 * unknown ones; several models; priorities 0 and 1; tokens, costs and dates consistent with the
 * status (succeeded jobs have completion times and costs, failed ones a `failure_reason`); about 1%
 * null `datetime_created`; some jobs created in the same second; `run_type` on some.
 *
 * @since 0.1.0
 * @category constructors
 */
export const generateJobs = (
  count: number,
  seed: number,
  options?: {
    /**
     * The time the jobs are seeded back from (ISO 8601 text, Date or epoch milliseconds).
     *
     * @since 0.1.0
     */
    readonly now?: Date | number | string | undefined
  }
): ReadonlyArray<Job.JobEncoded> => {
  const now = options?.now
  const millis = now === undefined
    ? Date.parse(Generate.defaultNow)
    : typeof now === "number"
    ? now
    : typeof now === "string"
    ? Date.parse(now)
    : now.getTime()
  if (!Number.isFinite(millis)) throw new RangeError(`generateJobs: now must be a date, got ${String(now)}`)
  return new Store({ generated: { count, seed, anchorMillis: Generate.anchorOf(millis) } }).all()
}

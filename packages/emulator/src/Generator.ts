/**
 * The emulator's seeded job generator, for tests and fixtures that want the same realistic jobs
 * without a server.
 *
 * @since 0.1.0
 */
import type * as Job from "@sutro-effect/core/Job"
import { Store } from "./internal/store.js"

/**
 * `count` realistic jobs, in the order the emulator serves them (newest first by creation time,
 * then job id; null creation dates last). The same `count` and `seed` always give the same jobs,
 * and a smaller `count` gives a prefix of the same history (before null dates move to the end).
 *
 * The variety: all 8 canonical statuses plus a few lowercase, legacy (`pending`, `submitted`) and
 * unknown ones; several models; priorities 0 and 1; tokens, costs and dates consistent with the
 * status (succeeded jobs have completion times and costs, failed ones a `failure_reason`); about 1%
 * null `datetime_created`; some jobs created in the same second; `run_type` on some.
 *
 * @since 0.1.0
 * @category constructors
 */
export const generateJobs = (count: number, seed: number): ReadonlyArray<Job.JobEncoded> =>
  new Store({ generated: { count, seed } }).all()

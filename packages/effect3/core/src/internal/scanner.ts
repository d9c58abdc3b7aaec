/**
 * The protocol's fast page scanner, building this line's `DateTime.Utc` timestamps and `JobStatus`
 * values, typed as this line's schemas' values (which it yields exactly, or `undefined`: see
 * `@sutro-effect/protocol/Scan`). The property tests in `test/fastDecode.test.ts` hold it to the
 * schemas of `Job.ts` and `JobsPage.ts`.
 *
 * @internal
 */
import * as Scan from "@sutro-effect/protocol/Scan"
import type * as Job from "../Job.js"
import type * as JobsPage from "../JobsPage.js"
import * as JobStatus from "../JobStatus.js"
import * as Utc from "./utc.js"

const scanner = Scan.makeScanner({ timestamp: Utc.make, status: JobStatus.fromString })

/**
 * Decodes one job, or `undefined` when the schema must decide.
 *
 * @internal
 */
export const job = scanner.job as (u: unknown) => Job.Job | undefined

/**
 * Decodes a page, or `undefined` when the schema must decide.
 *
 * @internal
 */
export const jobsPage = scanner.jobsPage as (u: unknown) => JobsPage.JobsPage | undefined

/**
 * Decodes an unpaginated response, or `undefined` when the schema must decide.
 *
 * @internal
 */
export const allJobs = scanner.allJobs as (u: unknown) => JobsPage.AllJobs | undefined

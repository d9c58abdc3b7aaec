/**
 * The protocol's page scanner, making this line's values: `DateTime.Utc` timestamps and
 * {@link JobStatus.JobStatus} statuses. Its contract is the protocol's: exactly the value the
 * schema would decode, or `undefined` when the schema must decide. The property tests in
 * `test/scan.test.ts` hold it to the schemas of `Job.ts` and `JobsPage.ts`.
 *
 * @internal
 */
import * as Scan from "@sutro-effect/protocol/Scan"
import type * as DateTime from "effect/DateTime"
import type * as Job from "../Job.js"
import type * as JobsPage from "../JobsPage.js"
import * as JobStatus from "../JobStatus.js"
import * as Utc from "./utc.js"

const scanner = Scan.makeScanner<DateTime.Utc, JobStatus.JobStatus>({
  timestamp: Utc.make,
  status: JobStatus.fromString
})

// The scanner's records are the schemas' types with the two parameters filled in; the casts
// only name them (and brand the cursor, which the scanner checked with the same rule).

/**
 * One job, or `undefined` when the schema must decide.
 *
 * @internal
 */
export const job = scanner.job as (u: unknown) => Job.Job | undefined

/**
 * A page, or `undefined` when the schema must decide.
 *
 * @internal
 */
export const jobsPage = scanner.jobsPage as (u: unknown) => JobsPage.JobsPage | undefined

/**
 * An unpaginated response, or `undefined` when the schema must decide.
 *
 * @internal
 */
export const allJobs = scanner.allJobs as (u: unknown) => JobsPage.AllJobs | undefined

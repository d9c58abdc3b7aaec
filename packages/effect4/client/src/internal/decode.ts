/**
 * The client's page decoding, without `effect/Schema`: the protocol's scanner builds the page, and
 * when it gives up, the protocol's explainer names the first problem and where it is; core's
 * schemas (`JobsPage.decodePage`) are not on this path, so a bundle of the jobs stream carries none
 * of them.
 *
 * A key named `__proto__` inside a job's JSON values (`json_schema`, `sampling_params`,
 * `failure_reason`) is data: it is kept as an own property of the decoded value, never its
 * prototype. Those JSON values are `JSON.parse`'s own, handed over rather than copied.
 */
import type * as Cursor from "@sutro-effect/core/Cursor"
import type * as JobsPage from "@sutro-effect/core/JobsPage"
import * as JobStatus from "@sutro-effect/core/JobStatus"
import * as Utc from "@sutro-effect/core/Utc"
import * as Scan from "@sutro-effect/protocol/Scan"
import type * as DateTime from "effect/DateTime"
import * as compat from "./compat.js"

/** A decoded body, or the first problem of one that does not decode. */
export type Decoder<A> = (input: unknown) => compat.Result<A, Scan.Problem>

const scanner = Scan.makeScanner<DateTime.Utc, JobStatus.JobStatus>({
  timestamp: Utc.make,
  status: JobStatus.fromString,
  keepProtoKeys: true,
  // errors.decodeBody hands the scanner JSON.parse's result and nothing else keeps it.
  parsedInput: true
})

const decoder =
  <A>(scan: (input: unknown) => A | undefined, explain: (input: unknown) => Scan.Problem): Decoder<A> => (input) => {
    const value = scan(input)
    return value === undefined ? compat.fail(explain(input)) : compat.succeed(value)
  }

// The scanner's records are core's types with the two parameters filled in; the casts only name
// them (and brand the cursor, which the scanner checked with the cursor rule).

/** A page of the paginated response. */
export const page: Decoder<JobsPage.JobsPage> = decoder(
  scanner.jobsPage as (input: unknown) => (JobsPage.JobsPage & { next_cursor: Cursor.Cursor | null }) | undefined,
  Scan.explainJobsPage
)

/** The unpaginated response. */
export const allJobs: Decoder<JobsPage.AllJobs> = decoder(
  scanner.allJobs as (input: unknown) => JobsPage.AllJobs | undefined,
  Scan.explainAllJobs
)

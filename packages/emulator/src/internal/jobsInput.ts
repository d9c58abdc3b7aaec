// The one reader of "jobs" given to the emulator: an array of jobs, or an object `{"jobs": [...]}`
// as list-jobs itself returns. Used for `data`, `dataFile`, `insertJobs` and `POST /_emulator/jobs`.
import * as Job from "@sutro-effect/core/Job"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

const decodeJobs = Schema.decodeUnknownEither(Schema.Array(Job.Job))

/** What the input should look like, for messages. */
export const expected = `an array of jobs or {"jobs": [...]}`

/** The jobs of `input` (kept as given, in wire form), or a message saying what is wrong. */
export const parse = (input: unknown): Either.Either<ReadonlyArray<Job.JobEncoded>, string> => {
  const jobs = Array.isArray(input)
    ? input
    : typeof input === "object" && input !== null && !Array.isArray(input)
    ? (input as { readonly jobs?: unknown }).jobs
    : undefined
  if (!Array.isArray(jobs)) return Either.left(`expected ${expected}`)
  const decoded = decodeJobs(jobs)
  return Either.isLeft(decoded)
    ? Either.left(decoded.left.message)
    : Either.right(jobs as ReadonlyArray<Job.JobEncoded>)
}

/** A job with `fields` merged over it, checked against the schema; or a message. */
export const merge = (
  job: Job.JobEncoded,
  fields: unknown
): Either.Either<Job.JobEncoded, string> => {
  if (typeof fields !== "object" || fields === null || Array.isArray(fields)) {
    return Either.left("expected an object of job fields, e.g. {\"status\": \"RUNNING\"}")
  }
  if ("job_id" in fields && (fields as { job_id: unknown }).job_id !== job.job_id) {
    return Either.left("job_id cannot be changed")
  }
  const merged = { ...job, ...fields } as Job.JobEncoded
  const decoded = decodeJobs([merged])
  return Either.isLeft(decoded) ? Either.left(decoded.left.message) : Either.right(merged)
}

// The one reader of "jobs" given to the emulator: an array of jobs, or an object `{"jobs": [...]}`
// as list-jobs itself returns. Used for `data`, `dataFile`, `insertJobs` and `POST /_emulator/jobs`.
import * as Job from "@sutro-effect/core/Job"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

const decodeJobs = Schema.decodeUnknownEither(Schema.Array(Job.Job))

/**
 * How deep a job's values may nest: the job schema (its JSON values are recursive) and the
 * emulator's own JSON.stringify overflow the stack a few thousand levels down, and a `RangeError`
 * must be a 422, not a dead process. Real `json_schema`s nest a few dozen levels.
 */
export const maxNesting = 1_000

/** Whether `u` nests arrays and objects more than `limit` levels deep (with a loop: no recursion to overflow). */
const nestsDeeperThan = (u: unknown, limit: number): boolean => {
  const values: Array<unknown> = [u]
  const depths: Array<number> = [1]
  while (values.length > 0) {
    const value = values.pop()
    const depth = depths.pop()!
    if (typeof value !== "object" || value === null) continue
    // A cycle ends here too, `limit` levels down.
    if (depth > limit) return true
    for (const child of Object.values(value)) {
      values.push(child)
      depths.push(depth + 1)
    }
  }
  return false
}

/** The first field of `jobs` nested deeper than {@link maxNesting}, as a message. */
const tooDeep = (jobs: ReadonlyArray<unknown>): string | undefined => {
  for (let i = 0; i < jobs.length; i++) {
    const job = jobs[i]
    if (typeof job !== "object" || job === null) continue
    for (const [field, value] of Object.entries(job)) {
      if (!nestsDeeperThan(value, maxNesting)) continue
      const id = (job as { readonly job_id?: unknown }).job_id
      const which = typeof id === "string" ? `job ${JSON.stringify(id)}` : `jobs[${i}]`
      return `the ${field} of ${which} is nested more than ${maxNesting} levels deep (the emulator's limit)`
    }
  }
  return undefined
}

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
  const deep = tooDeep(jobs)
  if (deep !== undefined) return Either.left(deep)
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
  const deep = tooDeep([merged])
  if (deep !== undefined) return Either.left(deep)
  const decoded = decodeJobs([merged])
  return Either.isLeft(decoded) ? Either.left(decoded.left.message) : Either.right(merged)
}

// The one reader of "jobs" given to the emulator: an array of jobs, or an object `{"jobs": [...]}`
// as list-jobs itself returns. Used for `data`, `dataFile`, `insertJobs` and `POST /_emulator/jobs`.
import * as Job from "@sutro-effect/core/Job"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

// Every problem of every job, so that a fixture is fixed in one go, not one field per try.
const decodeAll = Schema.decodeUnknownEither(Schema.Array(Job.Job), { errors: "all" })

/** How many jobs with problems a message names before it counts the rest. */
export const maxJobsReported = 10

/**
 * Every problem of the jobs, one line per job (its index and `job_id`): the fields it lacks, then
 * the fields of the wrong type; at most {@link maxJobsReported} jobs, then how many more.
 */
const problems = (jobs: ReadonlyArray<unknown>, error: ParseResult.ParseError): string => {
  const byJob = new Map<number, { readonly missing: Array<string>; readonly wrong: Array<string> }>()
  const general: Array<string> = []
  for (const issue of ParseResult.ArrayFormatter.formatErrorSync(error)) {
    const [index, ...path] = issue.path
    if (typeof index !== "number") {
      general.push(issue.message)
      continue
    }
    let entry = byJob.get(index)
    if (entry === undefined) byJob.set(index, entry = { missing: [], wrong: [] })
    const field = path.map(String).join(".")
    if (path.length === 0) entry.wrong.push(issue.message)
    else if (issue._tag === "Missing") entry.missing.push(field)
    else entry.wrong.push(`${field}: ${issue.message.split("\n")[0]}`)
  }
  const lines = [...general]
  const indices = [...byJob.keys()].sort((a, b) => a - b)
  for (const index of indices.slice(0, maxJobsReported)) {
    const { missing, wrong } = byJob.get(index)!
    const job = jobs[index]
    const id = typeof job === "object" && job !== null ? (job as { readonly job_id?: unknown }).job_id : undefined
    const parts = [
      ...(missing.length === 0 ? [] : [`missing ${missing.join(", ")}`]),
      ...wrong
    ]
    lines.push(`jobs[${index}]${typeof id === "string" ? ` (${JSON.stringify(id)})` : ""}: ${parts.join("; ")}`)
  }
  if (indices.length > maxJobsReported) {
    lines.push(`and ${indices.length - maxJobsReported} more jobs with problems`)
  }
  return `${indices.length} of ${jobs.length} jobs do not match the job schema:\n  ${lines.join("\n  ")}`
}

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
  const decoded = decodeAll(jobs)
  return Either.isLeft(decoded)
    ? Either.left(problems(jobs, decoded.left))
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
  const decoded = decodeAll([merged])
  return Either.isLeft(decoded) ? Either.left(problems([merged], decoded.left)) : Either.right(merged)
}

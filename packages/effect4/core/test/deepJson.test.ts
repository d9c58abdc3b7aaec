import { describe, expect, it } from "@effect/vitest"
import { JobsPage } from "@sutro-effect/core"
import { failure, isSuccess, issues, success } from "./compat.js"
import { documentedAllJobs, documentedJob } from "./fixtures.js"

// A job whose json_schema is nested 10,000 levels deep: JSON.parse builds it, the recursive
// JsonValue schema (and JSON.stringify, and toStrictEqual) overflow on it, so the body is built as
// text and checked with loops.
const depth = 10_000
const deepSchema = `${"{\"a\":".repeat(depth)}{}${"}".repeat(depth)}`
const deepJob = (jobId: string): string =>
  JSON.stringify({ ...documentedJob, job_id: jobId }).replace(`"json_schema":null`, `"json_schema":${deepSchema}`)
const body = (...jobs: ReadonlyArray<string>): unknown => JSON.parse(`{"jobs":[${jobs.join(",")}],"next_cursor":null}`)

const depthOf = (u: unknown): number => {
  let n = 0
  for (let v = u; typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype; n++) {
    v = (v as { a?: unknown }).a
  }
  return n
}

const firstIssue = (error: Parameters<typeof issues>[0]) => issues(error)[0]

describe("JSON values nested 10,000 levels deep", () => {
  it("a page holding such a job decodes, the value intact", () => {
    const jobs = success(JobsPage.decodePage(body(JSON.stringify(documentedJob), deepJob("deep")))).jobs
    expect(jobs.map((job) => job.job_id)).toStrictEqual([documentedJob.job_id, "deep"])
    expect(depthOf(jobs[1].json_schema)).toBe(depth + 1)
  })

  it("so does one the schema decodes (the fast path left it), the deep value put back", () => {
    // An inherited enumerable key makes the fast path leave the whole page to the schema.
    const unusual = Object.assign(Object.create({ inherited: 1 }), documentedJob)
    const page = body(deepJob("deep")) as { jobs: Array<unknown> }
    page.jobs.push(unusual)
    const jobs = success(JobsPage.decodePage(page)).jobs
    expect(jobs.map((job) => job.job_id)).toStrictEqual(["deep", documentedJob.job_id])
    expect(depthOf(jobs[0].json_schema)).toBe(depth + 1)
    const all = success(JobsPage.decodeAllJobs({ message: "ok", jobs: page.jobs }))
    expect(depthOf(all.jobs[0].json_schema)).toBe(depth + 1)
  })

  it("a page with another invalid job fails with the schema's error for that job, not a RangeError", () => {
    const error = failure(JobsPage.decodePage(body(deepJob("deep"), JSON.stringify({ ...documentedJob, name: 5 }))))
    expect(firstIssue(error).path).toStrictEqual(["jobs", 1, "name"])
    expect(error.message).toContain("name")
  })

  it("a deep value that is not plain JSON fails typed, naming the job and the field", () => {
    const page = body(deepJob("deep")) as { jobs: Array<{ json_schema: unknown }> }
    let v = page.jobs[0].json_schema as { a: unknown }
    while (Object.keys(v.a as object).length > 0) v = v.a as { a: unknown }
    v.a = Number.NaN
    const error = failure(JobsPage.decodePage(page))
    expect(firstIssue(error)).toMatchObject({ path: ["jobs", 0, "json_schema"] })
    expect(firstIssue(error).message).toContain(`the json_schema of job "deep"`)
    expect(error.message).toContain(`the json_schema of job "deep"`)
  })

  it("the documented response still decodes as before", () => {
    expect(isSuccess(JobsPage.decodeAllJobs(documentedAllJobs))).toBe(true)
  })
})

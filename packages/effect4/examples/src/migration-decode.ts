import { Cursor, Job, JobsPage, PageSize } from "@sutro-effect/core"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"

// A list-jobs body you fetched yourself: its job ids, or why it is not a page (a SchemaError)
const jobIds = (body: unknown): string =>
  Result.match(JobsPage.decodePage(body), {
    onFailure: (error) => `${error._tag}: ${error.message}`,
    onSuccess: (page) => page.jobs.map((job) => job.job_id).join(" ")
  })

const response = await fetch(`${process.env.SUTRO_API_URL}/list-jobs?limit=3`, {
  headers: { authorization: `Key ${process.env.SUTRO_API_KEY}` }
})
console.log(jobIds(await response.json()))
console.log(jobIds({ jobs: [{ job_id: 7 }], next_cursor: null }))

// The inputs a request takes, and the schemas themselves, decode to a Result too
console.log(Result.isSuccess(Cursor.decode("eyJpZCI6IDd9")), Result.isFailure(PageSize.decode(500)))
console.log(Result.isFailure(Schema.decodeUnknownResult(Job.Job)({ job_id: 7 })))

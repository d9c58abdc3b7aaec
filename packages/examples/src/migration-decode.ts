import { Cursor, Job, JobsPage, PageSize } from "@sutro-effect/core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

// A list-jobs body you fetched yourself: its job ids, or why it is not a page (a ParseError)
const jobIds = (body: unknown): string =>
  Either.match(JobsPage.decodePage(body), {
    onLeft: (error) => `${error._tag}: ${error.message}`,
    onRight: (page) => page.jobs.map((job) => job.job_id).join(" ")
  })

const response = await fetch(`${process.env.SUTRO_API_URL}/list-jobs?limit=3`, {
  headers: { authorization: `Key ${process.env.SUTRO_API_KEY}` }
})
console.log(jobIds(await response.json()))
console.log(jobIds({ jobs: [{ job_id: 7 }], next_cursor: null }))

// The inputs a request takes, and the schemas themselves, decode to an Either too
console.log(Either.isRight(Cursor.decode("eyJpZCI6IDd9")), Either.isLeft(PageSize.decode(500)))
console.log(Either.isLeft(Schema.decodeUnknownEither(Job.Job)({ job_id: 7 })))

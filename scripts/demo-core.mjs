// Until the CLI lands, the demo decodes the documented list-jobs examples with @sutro-effect/core
// and prints what a program sees: canonical statuses, typed dates, the cursor.
import * as DateTime from "effect/DateTime"
import * as Schema from "effect/Schema"
import { readFileSync } from "node:fs"
import { JobsPage, JobStatus } from "../packages/core/dist/index.js"

const examples = JSON.parse(
  readFileSync(new URL("../packages/core/test/fixtures/list-jobs-examples.json", import.meta.url))
)
const all = Schema.decodeUnknownSync(JobsPage.AllJobs)(examples.withoutPagination)
const page = Schema.decodeUnknownSync(JobsPage.JobsPage)(examples.withPagination)
console.log(`Decoded the documented unpaginated response: ${all.jobs.length} job(s), "${all.message}"`)
for (const job of all.jobs) {
  const created = job.datetime_created === null ? "no creation date" : DateTime.formatIso(job.datetime_created)
  console.log(
    `  ${job.job_id}  ${JobStatus.toString(job.status)} (terminal: ${
      JobStatus.isTerminal(job.status)
    })  ${job.model}  created ${created}  cost $${job.job_cost}`
  )
}
console.log(`Decoded the documented paginated response: ${page.jobs.length} job(s), next_cursor ${page.next_cursor}`)
const odd = Schema.decodeUnknownSync(JobsPage.JobsPage)({
  jobs: [{ ...examples.withPagination.jobs[0], status: "paused_for_review", datetime_created: null }],
  next_cursor: null
})
const status = odd.jobs[0].status
console.log(
  `A status nobody knows is kept: ${JobStatus.isUnrecognized(status) ? "unrecognized" : "known"} "${
    JobStatus.toString(status)
  }"`
)

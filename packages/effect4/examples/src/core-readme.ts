import { JobsPage, JobStatus } from "@sutro-effect/core"
import * as Result from "effect/Result"

// Decode a list-jobs body you fetched yourself: typed jobs, or a SchemaError that names the path
export const unfinished = (body: unknown) =>
  Result.map(
    JobsPage.decodePage(body),
    (page) => page.jobs.filter((job) => !JobStatus.isTerminal(job.status)).map((job) => job.job_id)
  )

import { JobsPage, JobStatus } from "@sutro-effect/core"
import * as Result from "effect/Result"

// Decode a list-jobs body you fetched yourself: the jobs whose status can still change (CANCELLING
// included), or a SchemaError that names the path
export const notFinal = (body: unknown) =>
  Result.map(
    JobsPage.decodePage(body),
    (page) => page.jobs.filter((job) => !JobStatus.isFinal(job.status)).map((job) => job.job_id)
  )

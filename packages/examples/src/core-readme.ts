import { JobsPage, JobStatus } from "@sutro-effect/core"
import * as Either from "effect/Either"

// Decode a list-jobs body you fetched yourself: typed jobs, or a ParseError that names the path
export const unfinished = (body: unknown) =>
  Either.map(
    JobsPage.decodePage(body),
    (page) => page.jobs.filter((job) => !JobStatus.isTerminal(job.status)).map((job) => job.job_id)
  )

import { Job } from "@sutro-effect/core"
import * as Schema from "effect/Schema"
import * as fs from "node:fs"

// The job of the examples of Sutro's Listing All Jobs reference (core keeps them as a fixture), with its status canonical.
export const baseJob: Job.JobEncoded = {
  ...JSON.parse(
    fs.readFileSync(new URL("../../protocol/test/fixtures/list-jobs-examples.json", import.meta.url), "utf8")
  ).withPagination.jobs[0],
  status: "SUCCEEDED"
}

export const job = (overrides: Partial<Job.JobEncoded> = {}): Job.Job =>
  Schema.decodeUnknownSync(Job.Job)({ ...baseJob, ...overrides })

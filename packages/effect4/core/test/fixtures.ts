import * as fs from "node:fs"

// The two example responses of Sutro's Listing All Jobs reference, verbatim (key order included).
const examples = JSON.parse(
  fs.readFileSync(new URL("../../../protocol/test/fixtures/list-jobs-examples.json", import.meta.url), "utf8")
)

export const documentedAllJobs = examples.withoutPagination
export const documentedPage = examples.withPagination
export const documentedJob = documentedAllJobs.jobs[0]

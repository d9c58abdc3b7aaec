// A fake SutroClient for the watch: a list held in memory, newest first, served with keyset cursors
// (the id of the last job of the page), so jobs inserted at the top during a walk do not shift it.
import { SutroClient } from "@sutro-effect/client"
import { Job, SutroError } from "@sutro-effect/core"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { epochMillis, paginate } from "./compat.js"
import { job as wireJob } from "./helpers.js"

const decode = Schema.decodeSync(Job.Job)
const encode = Schema.encodeSync(Job.Job)

export interface FakeRequest {
  readonly cursor: string | null
  readonly limit: number
  /** The poll the request belongs to, as counted by the test (see `fake.poll`). */
  readonly poll: number
}

const createdMillis = (job: Job.Job) => job.datetime_created === null ? -Infinity : epochMillis(job.datetime_created)

/** A fake list: `jobs` newest first; jobs are identified by their minute `i` (see helpers.job). */
export const makeFake = () => {
  const jobs: Array<Job.Job> = []
  const requests: Array<FakeRequest> = []
  const state = {
    poll: 0,
    /** Fails the request with this 0-based index (counting all requests) with a 503 ServerError. */
    failAt: new Set<number>()
  }
  const indexOf = (id: string) => jobs.findIndex((j) => j.job_id === id)
  const fetch = (cursor: string | null, limit: number) =>
    Effect.suspend(() => {
      const n = requests.length
      requests.push({ cursor, limit, poll: state.poll })
      if (state.failAt.has(n)) {
        return Effect.fail(new SutroError.ServerError({ status: 503, detail: "Service Unavailable", attempts: 3 }))
      }
      const start = cursor === null ? 0 : indexOf(cursor) + 1
      const slice = jobs.slice(start, start + limit)
      const more = start + limit < jobs.length
      return Effect.succeed({ slice, next: more ? slice[slice.length - 1].job_id : null })
    })
  const service: SutroClient.Service = {
    listJobs: () => Effect.die("not used"),
    listAllJobs: () => Effect.die("not used"),
    jobs: () => Stream.die("not used"),
    pages: (options = {}) => {
      const limit = options.pageSize ?? 100
      const max = options.maxPages ?? Infinity
      return paginate(
        { cursor: null as string | null, index: 0 },
        (s) =>
          Effect.map(fetch(s.cursor, limit), ({ next, slice }) => {
            const page: SutroClient.Page = {
              jobs: slice,
              next_cursor: next as any,
              cursor: s.cursor as any,
              index: s.index
            }
            const more = next !== null && s.index + 1 < max
            return [page, more ? Option.some({ cursor: next, index: s.index + 1 }) : Option.none()] as const
          })
      )
    }
  }
  /** A job created `i` minutes before 2024-06-01 (larger i: older). */
  const make = (i: number, status: string, extra: Partial<Job.JobEncoded> = {}) =>
    decode({ ...wireJob(i), status, ...extra })
  return {
    jobs,
    requests,
    state,
    layer: Layer.succeed(SutroClient.SutroClient, service),
    make,
    /** Puts the job where its creation time says (newest first), replacing one with the same id. */
    put: (job: Job.Job) => {
      const at = indexOf(job.job_id)
      if (at >= 0) jobs.splice(at, 1)
      const t = createdMillis(job)
      let i = 0
      while (i < jobs.length && createdMillis(jobs[i]) > t) i++
      jobs.splice(i, 0, job)
    },
    set: (id: string, fields: Partial<Job.JobEncoded>) => {
      const at = indexOf(id)
      jobs[at] = decode({ ...encode(jobs[at]), ...fields })
    },
    requestsInPoll: (poll: number) => requests.filter((r) => r.poll === poll).length
  }
}

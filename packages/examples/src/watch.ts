import { JobWatch } from "@sutro-effect/client"
import { NodeSutroClient } from "@sutro-effect/node"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

// Every change to jobs of the last day, every 30 s, until interrupted.
export const watching = JobWatch.watch({ since: "1 day", interval: "30 seconds" }).pipe(
  Stream.runForEach((event) =>
    JobWatch.JobEvent.$match(event, {
      Added: ({ job }) => Effect.log(`new ${job.job_id} ${job.status}`),
      Changed: ({ fields, job, previous }) => Effect.log(`${job.job_id}: ${previous.status} -> ${job.status}`, fields),
      Finished: ({ job }) => Effect.log(`${job.job_id} finished ${job.status}`),
      TrackingStopped: ({ jobs, reason }) => Effect.logWarning(`no longer following ${jobs.length} jobs: ${reason}`)
    })
  )
)

// Wait for two jobs, at most two hours; the final jobs come back in the order asked.
export const waiting = Effect.gen(function*() {
  const [a, b] = yield* JobWatch.waitFor(["job_a", "job_b"], { timeout: "2 hours" })
  yield* Effect.log(a.status, b.status)
})

export const main = watching.pipe(Effect.provide(NodeSutroClient.layerConfig()))
// Effect.runFork(main)

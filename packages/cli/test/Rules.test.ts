// One rule each (issue 28): --since leaves out a job without a creation date in list, stats and watch alike (it
// cannot be shown to be inside the window), and "finished" means final: SUCCEEDED, FAILED or CANCELLED.
import { describe, expect, it } from "@effect/vitest"
import type * as SutroClient from "@sutro-effect/client/SutroClient"
import type { Job } from "@sutro-effect/core"
import * as Emulator from "@sutro-effect/emulator/Emulator"
import * as NodeSutroClient from "@sutro-effect/node/NodeSutroClient"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as Listing from "../src/Listing.js"
import * as Watch from "../src/Watch.js"
import { baseJob } from "./helpers.js"

const key = "sk_rules_test"

const withEmulator = <A, E>(use: (emulator: Emulator.Service) => Effect.Effect<A, E, SutroClient.SutroClient>) =>
  Effect.scoped(Effect.gen(function*() {
    const emulator = yield* Emulator.make({ apiKeys: [key], jobs: 0 })
    return yield* use(emulator).pipe(
      Effect.provide(NodeSutroClient.layer({ apiKey: Redacted.make(key), baseUrl: emulator.url }))
    )
  }))

const day = 86_400_000
const base = Date.UTC(2025, 5, 1)
const wire = (id: string, status: string, created: number | null): Job.JobEncoded => ({
  ...baseJob,
  job_id: id,
  status,
  failure_reason: null,
  datetime_created: created === null ? null : new Date(created).toISOString()
})

describe("--since leaves out a job without a creation date, in list, stats and watch", () => {
  it.live("list, stats and watch agree", () =>
    withEmulator((emulator) =>
      Effect.gen(function*() {
        yield* emulator.insertJobs([
          wire("undated", "RUNNING", null),
          wire("new-1", "RUNNING", base - 1000),
          wire("new-2", "QUEUED", base - 2000),
          wire("old-1", "RUNNING", base - 30 * day)
        ])
        const since = base - 7 * day
        const listed = (max?: number, withSince = true) =>
          Effect.gen(function*() {
            const rows: Array<string> = []
            yield* Listing.list(
              { pageSize: 100, max, since: withSince ? since : undefined, format: "ids", width: 80 },
              (text) => Effect.sync(() => void rows.push(text))
            )
            return rows.join("").trimEnd().split("\n").sort()
          })
        expect(yield* listed()).toEqual(["new-1", "new-2"])
        // --max still gets its jobs when one is left out (pages of at most --max, none ahead).
        expect(yield* listed(2)).toEqual(["new-1", "new-2"])
        // Without --since nothing is left out.
        expect(yield* listed(undefined, false)).toEqual(["new-1", "new-2", "old-1", "undated"])
        const summary = yield* Listing.stats({ pageSize: 100, since })
        expect(summary.jobs).toBe(2)
        const notes: Array<string> = []
        const fiber = yield* Effect.fork(Watch.run(
          { intervalMillis: 3_600_000, since, format: "ndjson" },
          () => Effect.void,
          (text) => Effect.sync(() => void notes.push(text))
        ))
        for (let i = 0; i < 200 && notes.length < 2; i++) yield* Effect.sleep("50 millis")
        yield* Fiber.interrupt(fiber)
        expect(notes[1]).toMatch(/^following 2 unfinished jobs /)
      })
    ))
})

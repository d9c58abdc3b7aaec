// `list` against an emulator in this process, with the status line drawn on a fake terminal that shares one
// transcript with stdout (as stderr and stdout share a real terminal).
import { describe, expect, it } from "@effect/vitest"
import type * as SutroClient from "@sutro-effect/client/SutroClient"
import * as Emulator from "@sutro-effect/emulator/Emulator"
import * as NodeSutroClient from "@sutro-effect/node/NodeSutroClient"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Filters from "../src/Filters.js"
import * as Listing from "../src/Listing.js"
import * as Progress from "../src/Progress.js"

const key = "sk_listing_test"

// One transcript of both streams: what a person sees on the terminal, in order.
const screen = () => {
  const writes: Array<{ readonly stream: "stdout" | "stderr"; readonly text: string }> = []
  return {
    writes,
    terminal: { isTTY: true, columns: 100, write: (text: string) => writes.push({ stream: "stderr", text }) },
    stdout: (text: string) => Effect.sync(() => void writes.push({ stream: "stdout", text }))
  }
}

const withEmulator = <A, E>(
  options: Emulator.Options,
  use: (emulator: Emulator.Service) => Effect.Effect<A, E, SutroClient.SutroClient>
) =>
  Effect.scoped(Effect.gen(function*() {
    const emulator = yield* Emulator.make({ apiKeys: [key], ...options })
    return yield* use(emulator).pipe(
      Effect.provide(NodeSutroClient.layer({ apiKey: Redacted.make(key), baseUrl: emulator.url }))
    )
  }))

describe("list on a terminal", () => {
  it.effect("clears the status line before rows go to stdout, and never says 0 shown while rows are shown", () =>
    withEmulator({ jobs: 250, seed: 3 }, () =>
      Effect.gen(function*() {
        for (const max of [3, 150, undefined]) {
          const s = screen()
          const progress = yield* Progress.make(s.terminal)
          yield* Listing.list({ pageSize: 100, max, format: "table", width: 100 }, s.stdout, progress)
          // The terminal's line before each write to stdout is empty: the last thing stderr wrote was a clear.
          let lineDirty = false
          for (const w of s.writes) {
            if (w.stream === "stderr") lineDirty = !w.text.endsWith("\x1b[2K")
            else expect(lineDirty, `stdout written after ${JSON.stringify(s.writes)}`).toBe(false)
          }
          expect(lineDirty).toBe(false)
          expect(s.writes.filter((w) => w.stream === "stderr" && w.text.includes(" 0 shown"))).toEqual([])
          expect(s.writes.some((w) => w.stream === "stderr" && w.text.includes("jobs/s"))).toBe(true)
        }
      })))
})

describe("list --max", () => {
  it.effect("asks for no job beyond the ones it needs: one request for --max 10, 100 then 50 for 150", () =>
    withEmulator({ jobs: 250, seed: 3 }, (emulator) =>
      Effect.gen(function*() {
        const cases: Array<[max: number, since: number | undefined, limits: Array<string>]> = [
          [1, undefined, ["1"]],
          [10, undefined, ["10"]],
          [100, undefined, ["100"]],
          [150, undefined, ["100", "50"]],
          [10, 0, ["10"]]
        ]
        for (const [max, since, limits] of cases) {
          yield* emulator.clearRequestLog
          const rows: Array<string> = []
          const count = yield* Listing.list(
            { pageSize: 100, max, since, format: "ndjson", width: 100 },
            (text) => Effect.sync(() => void rows.push(text))
          )
          expect(count).toBe(max)
          const log = yield* emulator.requestLog
          expect(log.filter((r) => r.path.endsWith("list-jobs")).map((r) => r.query.limit), `--max ${max}`)
            .toEqual(limits)
        }
        // With a status filter the walk cannot know how far it must go: it still stops once it has --max jobs.
        yield* emulator.clearRequestLog
        const all = yield* emulator.jobs
        const failed = all.filter((j) => j.status === "FAILED").slice(0, 2).map((j) => j.job_id)
        const rows: Array<string> = []
        yield* Listing.list(
          { pageSize: 100, max: 2, status: Filters.statusFilter(["failed"]), format: "ndjson", width: 100 },
          (text) => Effect.sync(() => void rows.push(text))
        )
        expect(rows.join("").trimEnd().split("\n").map((line) => JSON.parse(line).job_id)).toEqual(failed)
      })))
})

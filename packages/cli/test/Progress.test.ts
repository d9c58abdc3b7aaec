import { describe, expect, it } from "@effect/vitest"
import * as Progress from "@sutro-effect/cli/Progress"
import { SutroError } from "@sutro-effect/core"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"

const terminal = (isTTY: boolean) => {
  const written: Array<string> = []
  return { written, isTTY, columns: 80, write: (text: string) => written.push(text) }
}

describe("Progress", () => {
  it.effect("draws nothing when stderr is not a terminal", () =>
    Effect.gen(function*() {
      const t = terminal(false)
      const p = Progress.make(t)
      yield* p.page(100)
      yield* p.retry({ attempt: 1, delay: Duration.seconds(1), error: new SutroError.ServerError({ detail: "x" }) })
      yield* p.done
      expect(t.written).toEqual([])
    }))

  it.effect("draws pages, jobs and rate, retry waits with their reason, and clears the line", () =>
    Effect.gen(function*() {
      const t = terminal(true)
      let clock = 0
      const p = Progress.make(t, () => clock)
      clock = 2000
      yield* p.page(100)
      yield* p.shown(40)
      clock = 4000
      yield* p.page(100)
      yield* p.retry({
        attempt: 2,
        delay: Duration.millis(1500),
        error: new SutroError.ServerError({ detail: "Bad Gateway", status: 502 })
      })
      yield* p.done
      expect(t.written[0]).toBe("\r\x1b[2K1 page · 100 jobs · 0 shown · 50 jobs/s")
      expect(t.written).toContain("\r\x1b[2K2 pages · 200 jobs · 40 shown · 50 jobs/s")
      expect(t.written).toContain("\r\x1b[2Kretry 2 in 1.5s: Sutro failed to answer (502): Bad Gateway.")
      expect(t.written.at(-1)).toBe("\r\x1b[2K")
    }))
})

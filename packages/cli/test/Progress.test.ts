import { describe, expect, it } from "@effect/vitest"
import { SutroError } from "@sutro-effect/core"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import * as Progress from "../src/Progress.js"

// Back to the start of the line, reset the style, erase the line.
const clear = "\r\x1b[0m\x1b[2K"

const terminal = (isTTY: boolean) => {
  const written: Array<string> = []
  return { written, isTTY, columns: 80, write: (text: string) => written.push(text) }
}

describe("Progress", () => {
  it.effect("draws nothing when stderr is not a terminal", () =>
    Effect.gen(function*() {
      const t = terminal(false)
      const p = yield* Progress.make(t)
      yield* p.page(100)
      yield* p.retry({ attempt: 1, delay: Duration.seconds(1), error: new SutroError.ServerError({ detail: "x" }) })
      yield* p.done
      expect(t.written).toEqual([])
    }))

  it.effect("draws pages, jobs and rate from the Clock, retry waits with their reason, and clears the line", () =>
    Effect.gen(function*() {
      const t = terminal(true)
      const p = yield* Progress.make(t)
      yield* TestClock.adjust("2 seconds")
      yield* p.page(100)
      yield* p.shown(40)
      yield* TestClock.adjust("2 seconds")
      yield* p.page(100)
      yield* p.shown(0)
      yield* p.retry({
        attempt: 2,
        delay: Duration.millis(1500),
        error: new SutroError.ServerError({ detail: "Bad Gateway", status: 502 })
      })
      yield* p.done
      expect(t.written[0]).toBe(clear + "1 page · 100 jobs · 40 shown · 50 jobs/s")
      expect(t.written).toContain(clear + "2 pages · 200 jobs · 40 shown · 50 jobs/s")
      expect(t.written).toContain(clear + "retry 2 in 1.5s: Sutro failed to answer (502): Bad Gateway.")
      expect(t.written.at(-1)).toBe(clear)
    }))

  it.effect("a page is drawn once its shown jobs are counted, and output goes above a cleared line", () =>
    Effect.gen(function*() {
      const t = terminal(true)
      const p = yield* Progress.make(t)
      yield* p.page(10)
      expect(t.written).toEqual([])
      yield* p.shown(10)
      expect(t.written).toEqual([clear + "1 page · 10 jobs · 0 jobs/s"])
      yield* p.above(Effect.sync(() => t.written.push("ROWS\n")))
      expect(t.written.slice(1)).toEqual([clear, "ROWS\n", clear + "1 page · 10 jobs · 0 jobs/s"])
      yield* p.done
      yield* p.above(Effect.sync(() => t.written.push("END\n")))
      expect(t.written.slice(4)).toEqual([clear, "END\n"])
    }))
})

import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as ExitCode from "../src/ExitCode.js"
import * as Wait from "../src/Wait.js"
import * as Watch from "../src/Watch.js"
import { job } from "./helpers.js"

describe("wait", () => {
  it("exit code: FAILED wins over CANCELLED, 0 only when all SUCCEEDED", () => {
    const ok = job({ job_id: "a" })
    const failed = job({ job_id: "b", status: "FAILED" })
    const cancelled = job({ job_id: "c", status: "CANCELLED" })
    expect(Wait.codeFor([ok, ok])).toBe(ExitCode.ExitCode.ok)
    expect(Wait.codeFor([ok, cancelled, failed])).toBe(10)
    expect(Wait.codeFor([cancelled, ok])).toBe(11)
    expect(new Set([10, 11, 12, 13, ...Object.values(ExitCode.ExitCode).filter((c) => c < 10 || c > 13)]).size)
      .toBe(Object.values(ExitCode.ExitCode).length)
  })

  it("progress line: counts by status, jobs not seen yet, seconds waited", () => {
    const latest = new Map([
      ["a", job({ job_id: "a" })],
      ["b", job({ job_id: "b", status: "RUNNING" })],
      ["c", job({ job_id: "c", status: "running" })]
    ])
    expect(Wait.progressLine(4, latest, 42_400)).toBe(
      "waiting for 4 jobs: 1 SUCCEEDED, 2 RUNNING, 1 not seen yet · 42s"
    )
  })

  it("spans: ms, s, m, h, d; anything else is refused with what is expected", () => {
    expect(["500ms", "10s", "1.5m", "2h", "1d"].map((s) => Either.getOrThrow(Watch.parseSpan("--x", s)))).toEqual([
      500,
      10_000,
      90_000,
      7_200_000,
      86_400_000
    ])
    for (const bad of ["soon", "0s", "-1s", "10"]) {
      expect(Either.isLeft(Watch.parseSpan("--interval", bad))).toBe(true)
    }
  })
})

import { describe, expect, it } from "vitest"
import * as JobStatus from "../src/JobStatus.js"

describe("JobStatus.normalize", () => {
  it("reads every canonical status in any case and with surrounding whitespace", () => {
    for (const status of JobStatus.known) {
      const mixed = status[0] + status.slice(1).toLowerCase()
      for (const raw of [status, status.toLowerCase(), mixed, ` ${mixed} `, `\t${status}\n`]) {
        expect([raw, JobStatus.normalize(raw)]).toEqual([raw, status])
      }
    }
  })

  it("maps the legacy pending and submitted to QUEUED", () => {
    for (const raw of ["pending", "PENDING", "Pending", "submitted", "SUBMITTED", " Submitted "]) {
      expect([raw, JobStatus.normalize(raw)]).toEqual([raw, "QUEUED"])
    }
    expect(JobStatus.legacy).toEqual({ PENDING: "QUEUED", SUBMITTED: "QUEUED" })
  })

  it("knows nothing else", () => {
    for (const raw of ["", " ", "Paused-For-Review", "archived", "QUEUED!", "SUCCEEDED_", "cancel led", "toString"]) {
      expect([raw, JobStatus.normalize(raw)]).toEqual([raw, undefined])
    }
  })
})

describe("JobStatus predicates", () => {
  it("lists the statuses in lifecycle order", () => {
    expect(JobStatus.known).toEqual([
      "UNKNOWN",
      "QUEUED",
      "STARTING",
      "RUNNING",
      "SUCCEEDED",
      "CANCELLING",
      "CANCELLED",
      "FAILED"
    ])
  })

  it("isTerminal follows the official SDK: CANCELLING is terminal", () => {
    expect(JobStatus.known.filter(JobStatus.isTerminal)).toEqual(["SUCCEEDED", "CANCELLING", "CANCELLED", "FAILED"])
  })

  it("isFinal is the last status of a job: CANCELLING still changes", () => {
    expect(JobStatus.known.filter(JobStatus.isFinal)).toEqual(["SUCCEEDED", "CANCELLED", "FAILED"])
  })

  it("an unrecognized status is neither terminal nor final", () => {
    for (const raw of ["Paused-For-Review", "DONE", ""]) {
      expect([raw, JobStatus.isTerminal(raw), JobStatus.isFinal(raw)]).toEqual([raw, false, false])
    }
  })
})

describe("JobStatus.key", () => {
  it("is the canonical status for a known spelling, else the text trimmed and uppercased", () => {
    const table: ReadonlyArray<readonly [string, string]> = [
      ["succeeded", "SUCCEEDED"],
      [" Running ", "RUNNING"],
      ["pending", "QUEUED"],
      ["SUBMITTED", "QUEUED"],
      ["Paused-For-Review", "PAUSED-FOR-REVIEW"],
      [" paused ", "PAUSED"]
    ]
    for (const [raw, key] of table) expect([raw, JobStatus.key(raw)]).toEqual([raw, key])
    expect(JobStatus.key("paused")).toBe(JobStatus.key("PAUSED "))
  })
})

// Server text on a terminal: a job's name, description, status or failure reason is whoever created the job's text,
// so the table and text formats show every control character escaped (never acted on), and NDJSON and CSV stay exact.
import { describe, expect, it } from "@effect/vitest"
import { JobWatch } from "@sutro-effect/client"
import { parse } from "csv-parse/sync"
import * as Output from "../src/Output.js"
import * as Wait from "../src/Wait.js"
import * as Watch from "../src/Watch.js"
import { job } from "./helpers.js"

// Anything a terminal would act on: C0 (ESC, BEL, LF, CR, TAB, NUL), DEL, C1 (CSI), bidi overrides and isolates.
const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/
const rawWithLines = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/
const title = "\u001b]0;PWNED\u0007"
const hostile = [
  title + "after the title",
  "\u001b[2J cleared",
  "forged\nB\tSUCCEEDED",
  "cr\rover",
  "del\u007f c1\u009b31m",
  "bidi \u202egnp.exe \u2066isolate\u2069"
]

describe("Output.visible", () => {
  it("escapes C0, DEL, C1 and the bidi controls, and leaves other text alone", () => {
    expect(Output.visible(title)).toBe("\\x1B]0;PWNED\\x07")
    expect(Output.visible("a\nb\tc\rd\u0000")).toBe("a\\x0Ab\\x09c\\x0Dd\\x00")
    expect(Output.visible("\u007f\u0080\u009b\u009f")).toBe("\\x7F\\x80\\x9B\\x9F")
    expect(Output.visible("\u202a\u202e\u2066\u2069")).toBe("\\u{202A}\\u{202E}\\u{2066}\\u{2069}")
    const plain = "Ünïcödé, emoji 🚀, CJK 漢字, arrows → and spaces"
    expect(Output.visible(plain)).toBe(plain)
    for (const text of hostile) expect(Output.visible(text)).not.toMatch(rawWithLines)
  })

  it("a cut never splits an escape or a surrogate pair", () => {
    const escaped = Output.visible(title + "🚀🚀🚀")
    for (let width = 1; width <= escaped.length + 1; width++) {
      const cut = Output.truncate(escaped, width)
      expect(cut.length).toBeLessThanOrEqual(width)
      const body = cut.endsWith("…") ? cut.slice(0, -1) : cut
      // every escape is whole, and no surrogate stands alone
      expect(body.replace(/\\x[0-9A-F]{2}/g, "")).not.toMatch(/\\x?[0-9A-F]?$/)
      expect(body).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/)
    }
  })
})

describe("the table", () => {
  it("shows hostile names, statuses and reasons escaped, one row per job, at any width", () => {
    const jobs = hostile.map((name, i) =>
      Output.encodeJob(
        job({
          job_id: `job_${i}`,
          name,
          description: name,
          status: i === 0 ? "RUNNING\u001b[31m" : "FAILED",
          failure_reason: { message: name }
        })
      )
    )
    for (const width of [40, 80, 200]) {
      const columns = ["job_id", "status", "name", "description", "failure"]
      const writer = Output.table({ width, columns })
      const text = writer.start() + writer.page(jobs) + writer.end(jobs.length)
      const lines = text.split("\n").filter((line) => line !== "")
      expect(lines).toHaveLength(1 + jobs.length)
      for (const line of lines) expect(line).not.toMatch(raw)
      expect(lines.map((line) => line.split(/\s+/)[0])).toEqual(["JOB_ID", ...jobs.map((j) => j.job_id)])
    }
    const wide = Output.table({ width: 400, columns: ["name"] })
    expect(wide.page(jobs)).toContain("\\x1B]0;PWNED\\x07after the title")
  })
})

describe("NDJSON and CSV stay exact", () => {
  const jobs = hostile.map((name, i) => Output.encodeJob(job({ job_id: `job_${i}`, name })))

  it("NDJSON parses back to the very names", () => {
    const writer = Output.ndjson(["job_id", "name"])
    const rows = writer.page(jobs).trimEnd().split("\n").map((line) => JSON.parse(line))
    expect(rows.map((row) => row.name)).toEqual(hostile)
  })

  it("CSV (RFC 4180) parses back to the very names", () => {
    const writer = Output.csv(["job_id", "name"])
    const [, ...rows] = parse(writer.start() + writer.page(jobs), { record_delimiter: "\r\n" }) as Array<Array<string>>
    expect(rows.map((row) => row[1])).toEqual(hostile)
  })
})

describe("watch and wait lines", () => {
  const events: ReadonlyArray<JobWatch.JobEvent> = hostile.flatMap((name, i) => {
    const current = job({ job_id: `job_${i}\u001b[2K`, name, status: "FAILED", failure_reason: { message: name } })
    return [JobWatch.JobEvent.Added({ job: current }), JobWatch.JobEvent.Finished({ job: current })]
  })

  it("a watch row is one line with every control character escaped", () => {
    for (const event of events) {
      const row = Watch.eventRow(event, Date.UTC(2026, 0, 1))
      expect(row.endsWith("\n")).toBe(true)
      expect(row.slice(0, -1)).not.toMatch(rawWithLines)
      expect(row).toContain("job_")
    }
  })

  it("wait's progress line escapes a status it does not know", () => {
    const latest = new Map([["a", job({ job_id: "a", status: "PAUSED\u001b]0;x\u0007" })]])
    expect(Wait.progressLine(1, latest, 1000)).not.toMatch(rawWithLines)
  })
})

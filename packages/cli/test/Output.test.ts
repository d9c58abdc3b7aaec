import { describe, expect, it } from "@effect/vitest"
import { parse } from "csv-parse/sync"
import * as Either from "effect/Either"
import * as Output from "../src/Output.js"
import { baseJob, job } from "./helpers.js"

// A real CSV parser (RFC 4180, CRLF records) reads back what the writer produced.
const parseCsv = (text: string): Array<Array<string>> => parse(text, { record_delimiter: "\r\n" })

describe("Output", () => {
  it("quotes CSV fields with commas, quotes and line breaks as RFC 4180 says", () => {
    expect(Output.csvField("plain")).toBe("plain")
    expect(Output.csvField("a,b")).toBe("\"a,b\"")
    expect(Output.csvField("say \"hi\"")).toBe("\"say \"\"hi\"\"\"")
    expect(Output.csvField("two\nlines")).toBe("\"two\nlines\"")
    expect(Output.csvField("cr\rhere")).toBe("\"cr\rhere\"")
    expect(Output.csvRecord(["a", "b,c"])).toBe("a,\"b,c\"\r\n")
  })

  it("writes CSV that parses back to the jobs, with objects as JSON and nulls empty", () => {
    const awkward = job({ job_id: "j2", name: "comma, \"quote\"\nnewline", failure_reason: { message: "boom" } })
    const writer = Output.csv()
    const text = writer.start() + writer.page([Output.encodeJob(job()), Output.encodeJob(awkward)]) + writer.end(2)
    const [header, first, second] = parseCsv(text)
    expect(header).toEqual([...Output.wireColumns])
    const at = (row: Array<string>, column: string) => row[header.indexOf(column)]
    expect(at(first, "job_id")).toBe("batch_job_12345")
    expect(at(first, "job_cost")).toBe("0.0234")
    expect(at(first, "failure_reason")).toBe("")
    expect(JSON.parse(at(first, "sampling_params"))).toEqual(baseJob.sampling_params)
    expect(at(second, "name")).toBe("comma, \"quote\"\nnewline")
    expect(JSON.parse(at(second, "failure_reason"))).toEqual({ message: "boom" })
  })

  it("writes only the chosen columns, including derived ones", () => {
    const writer = Output.csv(["job_id", "run_seconds", "failure"])
    const text = writer.start() + writer.page([Output.encodeJob(job({ failure_reason: { message: "oom" } }))])
    expect(parseCsv(text)).toEqual([["job_id", "run_seconds", "failure"], ["batch_job_12345", "120", "oom"]])
  })

  it("writes NDJSON one wire object per line, page by page", () => {
    const writer = Output.ndjson()
    const a = writer.page([Output.encodeJob(job())])
    const b = writer.page([Output.encodeJob(job({ job_id: "j2", status: "failed" }))])
    expect(a.endsWith("\n")).toBe(true)
    const lines = (a + b).trimEnd().split("\n").map((line) => JSON.parse(line))
    expect(lines[0]).toEqual(baseJob)
    expect(lines[1]).toMatchObject({ job_id: "j2", status: "FAILED" })
  })

  it("writes one parseable JSON array across pages, and an empty one for no jobs", () => {
    const writer = Output.json(["job_id"])
    const text = writer.start() + writer.page([Output.encodeJob(job())]) + writer.page([]) +
      writer.page([Output.encodeJob(job({ job_id: "j2" }))]) + writer.end(2)
    expect(JSON.parse(text)).toEqual([{ job_id: "batch_job_12345" }, { job_id: "j2" }])
    const none = Output.json()
    expect(JSON.parse(none.start() + none.end(0))).toEqual([])
  })

  it("fits the table to the terminal width, cutting long cells with an ellipsis", () => {
    const long = job({ name: "x".repeat(200), model: "a-rather-long-model-name-for-the-table" })
    for (const width of [60, 80, 120]) {
      const writer = Output.table({ width })
      const text = writer.page([Output.encodeJob(long), Output.encodeJob(job())]) + writer.end(2)
      const lines = text.trimEnd().split("\n")
      expect(lines).toHaveLength(3)
      expect(lines[0]).toMatch(/^JOB_ID\s+STATUS\s+MODEL/)
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(width)
      expect(text).toContain("…")
    }
  })

  it("keeps the first page's column widths for later pages and says when there are no jobs", () => {
    const writer = Output.table({ width: 200, columns: ["job_id", "num_rows"] })
    const first = writer.page([Output.encodeJob(job({ job_id: "short", num_rows: 5 }))])
    const later = writer.page([Output.encodeJob(job({ job_id: "a-much-longer-job-id", num_rows: 12345 }))])
    expect(first).toBe("JOB_ID  NUM_ROWS\nshort          5\n")
    // An id longer than its column loses its middle, keeping both ends.
    expect(later).toBe("a-m…id     12345\n")
    const empty = Output.table({ width: 80 })
    expect(empty.page([]) + empty.end(0)).toBe("No jobs.\n")
  })

  it("refuses unknown columns with the list of known ones", () => {
    expect(Output.parseColumns("job_id, status")).toEqual(Either.right(["job_id", "status"]))
    const bad = Output.parseColumns("job_id,colour")
    expect(Either.isLeft(bad) && bad.left).toMatch(/unknown column colour; known: job_id, status/)
    expect(Either.isLeft(Output.parseColumns(" , "))).toBe(true)
  })
})

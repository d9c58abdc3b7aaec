import { describe, expect, it } from "@effect/vitest"
import { Job, JobsPage, JobStatus, Timestamp } from "@sutro-effect/core"
import * as DateTime from "effect/DateTime"
import * as Schema from "effect/Schema"
import * as Arbitraries from "./arbitraries.js"
import * as compat from "./compat.js"
import { documentedAllJobs, documentedJob, documentedPage } from "./fixtures.js"

const decodeJob = Schema.decodeUnknownSync(Job.Job)
const encodeJob = Schema.encodeSync(Job.Job)

describe("documented examples", () => {
  it("decodes the unpaginated example exactly as printed", () => {
    const all = Schema.decodeUnknownSync(JobsPage.AllJobs)(documentedAllJobs)
    expect(all.message).toBe("Jobs retrieved successfully.")
    expect(all.jobs).toHaveLength(1)
    const job = all.jobs[0]
    expect(job.job_id).toBe("batch_job_12345")
    expect(job.status).toBe("SUCCEEDED")
    expect(job.model).toBe("llama-3.1-8b")
    expect(job.system_prompt).toBe("You are a helpful assistant.")
    expect(job.job_priority).toBe(1)
    expect(DateTime.formatIso(job.datetime_created!)).toBe("2024-01-15T10:30:00.000Z")
    expect(DateTime.formatIso(job.datetime_started!)).toBe("2024-01-15T10:30:15.000Z")
    expect(DateTime.formatIso(job.datetime_completed!)).toBe("2024-01-15T10:32:15.000Z")
    expect(job.json_schema).toBeNull()
    expect(job.sampling_params).toStrictEqual({ temperature: 0.7, top_p: 0.95, max_tokens: 2048 })
    expect(job.name).toBe("Customer Support Batch")
    expect(job.description).toBe("Processing customer inquiries")
    expect(job.dataset_id).toBe("dataset_abc123")
    expect(job.input_tokens).toBe(15420)
    expect(job.output_tokens).toBe(8230)
    expect(job.job_cost).toBe(0.0234)
    expect(job.num_rows).toBe(50)
    expect(job.failure_reason).toBeNull()
    expect(job.cost_estimate).toBe(0.025)
    expect(job.run_type).toBe("FULL")
  })

  it("decodes the paginated example with its cursor", () => {
    const page = Schema.decodeUnknownSync(JobsPage.JobsPage)(documentedPage)
    expect(page.jobs.map((job) => job.job_id)).toEqual(["batch_job_12345"])
    expect(page.next_cursor).toBe(documentedPage.next_cursor)
    // the cursor really is the keyset position described in sutro-facts.md
    expect(JSON.parse(Buffer.from(page.next_cursor!, "base64").toString("utf8"))).toEqual({
      t: "2024-01-15T10:30:00Z",
      i: "batch_job_12345"
    })
  })

  it("encodes back to the documented text, with only the status canonicalised", () => {
    const encoded = encodeJob(decodeJob(documentedJob))
    expect(encoded).toStrictEqual({ ...documentedJob, status: "SUCCEEDED" })
  })
})

describe("what the real service sends (sutro-facts.md)", () => {
  it("accepts any case of a status", () => {
    for (const raw of ["succeeded", "SUCCEEDED", "Succeeded", " running ", "cancelling"]) {
      const status = decodeJob({ ...documentedJob, status: raw }).status
      expect(JobStatus.isKnown(status)).toBe(true)
    }
    expect(decodeJob({ ...documentedJob, status: "cancelling" }).status).toBe("CANCELLING")
  })

  it("maps the legacy pending and submitted to QUEUED", () => {
    expect(decodeJob({ ...documentedJob, status: "pending" }).status).toBe("QUEUED")
    expect(decodeJob({ ...documentedJob, status: "SUBMITTED" }).status).toBe("QUEUED")
  })

  it("keeps an unknown status with its raw text, distinguishable from known ones", () => {
    const status = decodeJob({ ...documentedJob, status: "Paused-For-Review" }).status
    expect(JobStatus.isUnrecognized(status)).toBe(true)
    expect(status).toBeInstanceOf(JobStatus.Unrecognized)
    expect(JobStatus.isKnown(status)).toBe(false)
    expect(JobStatus.toString(status)).toBe("Paused-For-Review")
    expect(String(status)).toBe("Paused-For-Review")
    expect(JobStatus.isTerminal(status)).toBe(false)
    expect(status).toStrictEqual(JobStatus.fromString("Paused-For-Review"))
    expect(encodeJob(decodeJob({ ...documentedJob, status: "Paused-For-Review" })).status).toBe("Paused-For-Review")
  })

  it("an Unrecognized status cannot hold a recognized text", () => {
    expect(() => new JobStatus.Unrecognized({ raw: "succeeded" })).toThrow(
      new TypeError(`UnrecognizedJobStatus: a recognized status is not Unrecognized ("succeeded")`)
    )
    expect(() => new JobStatus.Unrecognized({ raw: 1 } as any)).toThrow(TypeError)
    expect(JobStatus.fromString(" Succeeded ")).toBe("SUCCEEDED")
  })

  it("Unrecognized is a plain tagged class; its schema is UnrecognizedJobStatus", () => {
    const status = new JobStatus.Unrecognized({ raw: "DONE" })
    expect(Schema.isSchema(JobStatus.Unrecognized)).toBe(false)
    expect({ ...status }).toStrictEqual({ _tag: "UnrecognizedJobStatus", raw: "DONE" })
    expect(Schema.encodeSync(JobStatus.UnrecognizedJobStatus)(status)).toStrictEqual({
      _tag: "UnrecognizedJobStatus",
      raw: "DONE"
    })
    const decoded = Schema.decodeUnknownSync(JobStatus.UnrecognizedJobStatus)({
      _tag: "UnrecognizedJobStatus",
      raw: "DONE"
    })
    expect(decoded).toBeInstanceOf(JobStatus.Unrecognized)
    expect(decoded).toStrictEqual(status)
    expect(() =>
      Schema.decodeUnknownSync(JobStatus.UnrecognizedJobStatus)({ _tag: "UnrecognizedJobStatus", raw: "queued" })
    )
      .toThrow(/a recognized status is not Unrecognized/)
  })

  it("isFinal: SUCCEEDED, FAILED and CANCELLED; CANCELLING and an unrecognized status are not final", () => {
    expect(JobStatus.known.filter((status) => JobStatus.isFinal(status))).toEqual(["SUCCEEDED", "CANCELLED", "FAILED"])
    expect(JobStatus.isFinal(new JobStatus.Unrecognized({ raw: "DONE" }))).toBe(false)
  })

  it("isTerminal follows the official SDK", () => {
    const terminal = JobStatus.known.filter((status) => JobStatus.isTerminal(status))
    expect(terminal).toEqual(["SUCCEEDED", "CANCELLING", "CANCELLED", "FAILED"])
  })

  it("accepts a null datetime_created and other nulls", () => {
    const job = decodeJob({
      ...documentedJob,
      datetime_created: null,
      datetime_started: null,
      datetime_completed: null,
      system_prompt: null,
      name: null,
      description: null,
      dataset_id: null,
      input_tokens: null,
      output_tokens: null,
      job_cost: null,
      num_rows: null,
      cost_estimate: null
    })
    expect(job.datetime_created).toBeNull()
    expect(job.input_tokens).toBeNull()
  })

  it("accepts fractional seconds, offsets and zone-less timestamps", () => {
    const cases: Array<[string, string]> = [
      ["2024-01-15T10:30:00.123456Z", "2024-01-15T10:30:00.123Z"],
      ["2024-01-15T10:30:00.5Z", "2024-01-15T10:30:00.500Z"],
      ["2024-01-15T12:30:00+02:00", "2024-01-15T10:30:00.000Z"],
      ["2024-01-15T05:00:00-0530", "2024-01-15T10:30:00.000Z"],
      ["2024-01-15T10:30:00", "2024-01-15T10:30:00.000Z"],
      ["2024-01-15 10:30:00.250+00:00", "2024-01-15T10:30:00.250Z"]
    ]
    for (const [wire, iso] of cases) {
      const job = decodeJob({ ...documentedJob, datetime_started: wire })
      expect(DateTime.formatIso(job.datetime_started!)).toBe(iso)
    }
  })

  it("keeps the keys of failure_reason and sampling_params it does not know", () => {
    const job = decodeJob({
      ...documentedJob,
      status: "FAILED",
      failure_reason: { message: "OOM", additional_context: { row: 7 }, worker: "gpu-3" },
      sampling_params: { temperature: 0.2, guided_decoding: { backend: "xgrammar" } }
    })
    expect(job.failure_reason).toStrictEqual({ message: "OOM", additional_context: { row: 7 }, worker: "gpu-3" })
    expect(job.sampling_params).toStrictEqual({ temperature: 0.2, guided_decoding: { backend: "xgrammar" } })
    expect(encodeJob(job).failure_reason).toStrictEqual({
      message: "OOM",
      additional_context: { row: 7 },
      worker: "gpu-3"
    })
  })

  it("accepts any JSON object as json_schema", () => {
    const schema = {
      type: "object",
      properties: { a: { type: "string" } },
      required: ["a"],
      additionalProperties: false
    }
    expect(decodeJob({ ...documentedJob, json_schema: schema }).json_schema).toStrictEqual(schema)
  })

  it("ignores unknown fields and tolerates a missing run_type", () => {
    const { run_type: _, ...withoutRunType } = documentedJob
    const job = decodeJob({ ...withoutRunType, created_at: "x", gpu_hours: 2.5 })
    expect(job.run_type).toBeUndefined()
    expect(Object.keys(job)).not.toContain("run_type")
    expect(Object.keys(job)).not.toContain("gpu_hours")
  })

  it("treats an empty next_cursor as the last page", () => {
    const page = Schema.decodeUnknownSync(JobsPage.JobsPage)({ jobs: [], next_cursor: "" })
    expect(page.next_cursor).toBeNull()
  })
})

const failure = compat.decodeFailure

// What a caller reads from a schema error: each problem with its path (the client builds its
// DecodeError detail, "at jobs[1].model: Expected string", from the first one).
const issues = compat.issues

// Effect's own texts for a problem: Effect 4 writes "Expected string" and the whole message
// "Expected string\n  at [\"jobs\"][1][\"model\"]", where Effect 3 wrote "Expected string, actual 3"
// under a tree of the schema's identifiers.
const text = (effect4: string, effect3: string): string => compat.line === "effect4" ? effect4 : effect3
const expectMessage = (error: compat.SchemaError, effect4: string, ...effect3: ReadonlyArray<string>) => {
  if (compat.line === "effect4") expect(error.message).toBe(effect4)
  else for (const part of effect3) expect(error.message).toContain(part)
}

describe("invalid input fails with a schema error that names the path", () => {
  it("wrong types", () => {
    expectMessage(
      failure(Job.Job, { ...documentedJob, job_priority: "high" }),
      "Expected number\n  at [\"job_priority\"]",
      "[\"job_priority\"]"
    )
    expectMessage(
      failure(Job.Job, { ...documentedJob, input_tokens: 1.5 }),
      "Expected an integer\n  at [\"input_tokens\"]",
      "[\"input_tokens\"]"
    )
    expectMessage(
      failure(Job.Job, { ...documentedJob, sampling_params: null }),
      "Expected SamplingParams\n  at [\"sampling_params\"]",
      "[\"sampling_params\"]"
    )
    expectMessage(
      failure(Job.Job, { ...documentedJob, status: 3 }),
      "Expected string\n  at [\"status\"]",
      "[\"status\"]"
    )
    const error = failure(JobsPage.JobsPage, {
      jobs: [documentedJob, { ...documentedJob, model: 3 }],
      next_cursor: null
    })
    expectMessage(error, "Expected string\n  at [\"jobs\"][1][\"model\"]", "[\"model\"]")
    expect(issues(error)).toStrictEqual([
      { path: ["jobs", 1, "model"], message: text("Expected string", "Expected string, actual 3") }
    ])
  })

  it("nested paths and missing keys", () => {
    const { model: _, ...withoutModel } = documentedJob
    expect(issues(failure(JobsPage.AllJobs, { message: "ok", jobs: [withoutModel] }))).toStrictEqual([
      { path: ["jobs", 0, "model"], message: text("Missing key", "is missing") }
    ])
    // Effect 3 also names the other member of a NullOr that the value is not.
    expect(issues(failure(Job.Job, { ...documentedJob, failure_reason: { message: 1 } }))).toStrictEqual([
      { path: ["failure_reason", "message"], message: text("Expected string", "Expected string, actual 1") },
      ...(compat.line === "effect4" ? [] : [
        { path: ["failure_reason"], message: "Expected null, actual {\"message\":1}" }
      ])
    ])
    expect(issues(failure(Job.Job, { ...documentedJob, sampling_params: { top_k: 0.5 } }))).toStrictEqual([
      { path: ["sampling_params", "top_k"], message: text("Expected an integer", "Expected an integer, actual 0.5") },
      ...(compat.line === "effect4"
        ? []
        : [{ path: ["sampling_params", "top_k"], message: "Expected null, actual 0.5" }])
    ])
  })

  it("bad dates", () => {
    for (const bad of ["yesterday", "2024-13-01T00:00:00Z", "2024-02-30T00:00:00Z", "2024-01-15T25:00:00Z", ""]) {
      const error = failure(Job.Job, { ...documentedJob, datetime_created: bad })
      const expected = `expected an ISO 8601 date-time such as 2024-01-15T10:30:00Z, got ${JSON.stringify(bad)}`
      expectMessage(error, `${expected}\n  at [\"datetime_created\"]`, "[\"datetime_created\"]", expected)
      expect(issues(error)[0].path).toStrictEqual(["datetime_created"])
    }
  })

  it("bad cursors", () => {
    const error = failure(JobsPage.JobsPage, { jobs: [], next_cursor: "a b" })
    expect(issues(error)).toStrictEqual([
      {
        path: ["next_cursor"],
        message:
          "a cursor contains only printable ASCII without spaces: pass the `next_cursor` of a previous page unchanged"
      },
      ...(compat.line === "effect4" ? [] : [{ path: ["next_cursor"], message: "Expected null, actual \"a b\"" }])
    ])
  })
})

describe("properties", () => {
  it.prop("decode(encode(job)) equals job", [Arbitraries.job], ([job]) => {
    expect(decodeJob(encodeJob(job))).toStrictEqual(job)
  }, Arbitraries.runs(300))

  // A wire job in non-canonical spellings: status in another case or a legacy value, timestamps
  // with an offset, unknown fields. It must decode and encode back to the canonical wire form.
  const variants = Arbitraries.all({
    statusCase: Arbitraries.constantFrom("lower", "upper", "mixed"),
    offsetMinutes: Arbitraries.map(Arbitraries.intBetween(-12 * 60, 14 * 60), (m) => m - (m % 15)),
    extra: Arbitraries.map(
      Arbitraries.jsonRecord,
      (extra) => Object.fromEntries(Object.entries(extra).map(([key, value]) => [`x_${key}`, value]))
    )
  })

  const withOffset = (iso: string, offsetMinutes: number): string => {
    const millis = Timestamp.parseMillis(iso)! + offsetMinutes * 60_000
    const local = new Date(millis).toISOString().slice(0, -1)
    const sign = offsetMinutes < 0 ? "-" : "+"
    const abs = Math.abs(offsetMinutes)
    return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`
  }

  it.prop("encode(decode(wire)) equals the canonical wire form", [Arbitraries.job, variants], ([job, v]) => {
    const canonical = encodeJob(job)
    const status = canonical.status
    const recased = JobStatus.isKnown(job.status)
      ? v.statusCase === "lower"
        ? status.toLowerCase()
        : v.statusCase === "mixed"
        ? status[0] + status.slice(1).toLowerCase()
        : status
      : status
    const wire = {
      ...v.extra,
      ...canonical,
      status: recased,
      datetime_created: canonical.datetime_created === null
        ? null
        : withOffset(canonical.datetime_created, v.offsetMinutes)
    }
    expect(encodeJob(decodeJob(wire))).toStrictEqual(canonical)
  }, Arbitraries.runs(300))

  it.prop("a timestamp survives formatting and parsing", [Timestamp.Timestamp], ([dt]) => {
    expect(Timestamp.parseMillis(Schema.encodeSync(Timestamp.Timestamp)(dt))).toBe(DateTime.toEpochMillis(dt))
  })
})

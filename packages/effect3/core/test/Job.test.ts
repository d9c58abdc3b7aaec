import { describe, expect, it } from "@effect/vitest"
import { Job, JobsPage, JobStatus, Timestamp } from "@sutro-effect/core"
import * as Arbitrary from "effect/Arbitrary"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
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
    expect(JobStatus.isKnown(status)).toBe(false)
    expect(JobStatus.toString(status)).toBe("Paused-For-Review")
    expect(JobStatus.isTerminal(status)).toBe(false)
    expect(encodeJob(decodeJob({ ...documentedJob, status: "Paused-For-Review" })).status).toBe("Paused-For-Review")
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
    expect(Object.keys(job)).not.toContain("gpu_hours")
  })

  it("treats an empty next_cursor as the last page", () => {
    const page = Schema.decodeUnknownSync(JobsPage.JobsPage)({ jobs: [], next_cursor: "" })
    expect(page.next_cursor).toBeNull()
  })
})

const failure = (schema: Schema.Schema<any, any>, input: unknown): string => {
  const result = Schema.decodeUnknownEither(schema)(input)
  if (Either.isRight(result)) throw new Error(`expected ${JSON.stringify(input)} to fail`)
  expect(ParseResult.isParseError(result.left)).toBe(true)
  return result.left.message
}

describe("invalid input fails with a ParseError that names the path", () => {
  it("wrong types", () => {
    expect(failure(Job.Job, { ...documentedJob, job_priority: "high" })).toMatch(/\["job_priority"\]/)
    expect(failure(Job.Job, { ...documentedJob, input_tokens: 1.5 })).toMatch(/\["input_tokens"\]/)
    expect(failure(Job.Job, { ...documentedJob, sampling_params: null })).toMatch(/\["sampling_params"\]/)
    const result = Schema.decodeUnknownEither(JobsPage.JobsPage)({
      jobs: [documentedJob, { ...documentedJob, model: 3 }],
      next_cursor: null
    })
    if (Either.isRight(result)) throw new Error("expected a failure")
    expect(ParseResult.ArrayFormatter.formatErrorSync(result.left)).toEqual([
      { _tag: "Type", path: ["jobs", 1, "model"], message: "Expected string, actual 3" }
    ])
  })

  it("bad dates", () => {
    for (const bad of ["yesterday", "2024-13-01T00:00:00Z", "2024-02-30T00:00:00Z", "2024-01-15T25:00:00Z", ""]) {
      const message = failure(Job.Job, { ...documentedJob, datetime_created: bad })
      expect(message).toMatch(/\["datetime_created"\]/)
      expect(message).toMatch(/ISO 8601/)
    }
  })
})

describe("properties", () => {
  // A key named __proto__ cannot survive any plain-object decoder (assigning it sets the prototype),
  // so generated JSON objects leave it out.
  const hasProtoKey = (u: unknown): boolean =>
    typeof u === "object" && u !== null &&
    (Object.prototype.hasOwnProperty.call(u, "__proto__") || Object.values(u).some(hasProtoKey))
  const arbitraryJob = Arbitrary.make(Job.Job).filter((job) => !hasProtoKey(job))

  it.prop("decode(encode(job)) equals job", [arbitraryJob], ([job]) => {
    expect(decodeJob(encodeJob(job))).toStrictEqual(job)
  }, { fastCheck: { numRuns: 300 } })

  // A wire job in non-canonical spellings: status in another case or a legacy value, timestamps
  // with an offset, unknown fields. It must decode and encode back to the canonical wire form.
  const variants = FastCheck.record({
    statusCase: FastCheck.constantFrom("lower", "upper", "mixed"),
    offsetMinutes: FastCheck.integer({ min: -12 * 60, max: 14 * 60 }).map((m) => m - (m % 15)),
    extra: FastCheck.dictionary(FastCheck.string({ minLength: 1 }).map((k) => `x_${k}`), FastCheck.jsonValue())
  })

  const withOffset = (iso: string, offsetMinutes: number): string => {
    const millis = Timestamp.parseMillis(iso)! + offsetMinutes * 60_000
    const local = new Date(millis).toISOString().slice(0, -1)
    const sign = offsetMinutes < 0 ? "-" : "+"
    const abs = Math.abs(offsetMinutes)
    return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`
  }

  it.prop("encode(decode(wire)) equals the canonical wire form", [arbitraryJob, variants], ([job, v]) => {
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
  }, { fastCheck: { numRuns: 300 } })

  it.prop("a timestamp survives formatting and parsing", [Timestamp.Timestamp], ([dt]) => {
    expect(Timestamp.parseMillis(Schema.encodeSync(Timestamp.Timestamp)(dt))).toBe(dt.epochMillis)
  })
})

import { describe, expect, it } from "@effect/vitest"
import { Job, JobsPage, JobStatus, Timestamp } from "@sutro-effect/core"
import * as ProtocolTimestamp from "@sutro-effect/protocol/Timestamp"
import * as Schema from "effect/Schema"
import * as scan from "../src/internal/scan.js"
import * as Arbitraries from "./arbitraries.js"
import { type Decoded, decodeUnknownResult, failure, isFailure, isSuccess, issues, line, success } from "./compat.js"
import { documentedAllJobs, documentedJob, documentedPage } from "./fixtures.js"

const schemaJob = decodeUnknownResult(Job.Job)
const schemaPage = decodeUnknownResult(JobsPage.JobsPage)
const schemaAll = decodeUnknownResult(JobsPage.AllJobs)

// Stricter than toStrictEqual: key order and prototypes (DateTime, Unrecognized, plain objects)
// count, and an own "constructor" key is just a key.
const shape = (u: unknown): unknown =>
  Array.isArray(u)
    ? u.map(shape)
    : typeof u === "object" && u !== null
    ? { proto: Object.getPrototypeOf(u), entries: Object.entries(u).map(([key, value]) => [key, shape(value)]) }
    : u

const expectSame = (actual: unknown, expected: unknown) => {
  expect(shape(actual)).toStrictEqual(shape(expected))
}

/** The fast path agrees with the schema, or says "don't know"; it never accepts what the schema rejects. */
const expectAgreesOrFallsBack = (fast: unknown, schema: Decoded<unknown>) => {
  if (fast === undefined) return
  expectSame(fast, success(schema))
}

describe("the fast path decodes valid input exactly as the schema does", () => {
  it("the documented examples", () => {
    expect(scan.allJobs(documentedAllJobs)).toBeDefined()
    expectSame(scan.allJobs(documentedAllJobs), success(schemaAll(documentedAllJobs)))
    expectSame(scan.jobsPage(documentedPage), success(schemaPage(documentedPage)))
    expectSame(JobsPage.decodePage(documentedPage), schemaPage(documentedPage))
  })

  it.prop("any job, as the wire sends it", [Arbitraries.wire], ([wire]) => {
    const fast = scan.job(wire)
    expect(fast).toBeDefined()
    expectSame(fast, success(schemaJob(wire)))
  }, Arbitraries.runs(500))

  it.prop("any job object, without a JSON round trip", [Arbitraries.job], ([job]) => {
    const wire = Schema.encodeSync(Job.Job)(job)
    const fast = scan.job(wire)
    expect(fast).toBeDefined()
    expectSame(fast, success(schemaJob(wire)))
  }, Arbitraries.runs(200))

  const knownSpellings = Arbitraries.flatMap(
    Arbitraries.constantFrom(...JobStatus.known),
    (s) => Arbitraries.constantFrom(s, s.toLowerCase(), ` ${s[0]}${s.slice(1).toLowerCase()} `)
  )
  const timestamp = Arbitraries.flatMap(
    Arbitraries.intBetween(Date.UTC(1970, 0, 1), Date.UTC(2200, 0, 1)),
    (millis) => {
      const iso = new Date(millis).toISOString()
      return Arbitraries.constantFrom(
        iso,
        iso.replace("T", " ").replace("Z", "+00:00"),
        iso.slice(0, 19),
        iso.slice(0, 19) + ".123456Z",
        iso.slice(0, 19) + "-05:30",
        iso.toLowerCase()
      )
    }
  )
  const variants = Arbitraries.all({
    status: Arbitraries.oneOf<string>(
      knownSpellings,
      Arbitraries.constantFrom("pending", "SUBMITTED", "Paused-For-Review", "archived", ""),
      Arbitraries.string
    ),
    timestamp,
    extra: Arbitraries.filter(Arbitraries.jsonRecord, (extra) => !Object.hasOwn(extra, "")),
    // toStrictEqual compares `.constructor`, so an own "constructor" key holding two equal but
    // distinct objects reads as a type mismatch; that key has its own test below.
    samplingExtra: Arbitraries.filter(Arbitraries.jsonRecord, (extra) => !Object.hasOwn(extra, "constructor")),
    runType: Arbitraries.constantFrom("absent", "null", "FULL")
  })

  it.prop("non-canonical wire forms: statuses in any case, offsets, extra fields", [Arbitraries.wire, variants], (
    [canonical, v]
  ) => {
    const { run_type: _, ...rest } = canonical
    const wire = JSON.parse(JSON.stringify({
      ...v.extra,
      ...rest,
      status: v.status,
      datetime_started: v.timestamp,
      sampling_params: { ...v.samplingExtra, ...canonical.sampling_params },
      ...(v.runType === "absent" ? {} : { run_type: v.runType === "null" ? null : v.runType })
    }))
    const fast = scan.job(wire)
    if (Arbitraries.hasProtoKey(wire.sampling_params)) {
      // Assigning a __proto__ key sets a prototype; that case is always left to the schema.
      expect(fast).toBeUndefined()
      const page = { jobs: [wire], next_cursor: null }
      expectSame(JobsPage.decodePage(page), schemaPage(page))
      return
    }
    expect(fast).toBeDefined()
    expectSame(fast, success(schemaJob(wire)))
  }, Arbitraries.runs(500))

  it("keys named like Object.prototype members", () => {
    const wire = JSON.parse(JSON.stringify({
      ...documentedJob,
      sampling_params: { constructor: { a: 1 }, toString: "x", hasOwnProperty: null },
      failure_reason: { message: "m", constructor: [1], valueOf: {} }
    }))
    const fast = scan.job(wire)
    const schema = success(schemaJob(wire))
    expect(shape(fast)).toStrictEqual(shape(schema))
    expect(Object.getPrototypeOf(fast!.sampling_params)).toBe(Object.getPrototypeOf(schema.sampling_params))
    expect(Object.getPrototypeOf(fast!.failure_reason)).toBe(Object.getPrototypeOf(schema.failure_reason))
  })

  it("unrecognized statuses and typed keys out of order", () => {
    const wire = {
      ...documentedJob,
      status: "Paused-For-Review",
      sampling_params: { stop: ["\n"], extra: 1, seed: 7, temperature: null },
      failure_reason: { worker: "gpu-3", additional_context: null, message: "OOM" }
    }
    const fast = scan.job(wire)
    expect(fast).toBeDefined()
    expectSame(fast, success(schemaJob(wire)))
    expect(fast!.status).toBeInstanceOf(JobStatus.Unrecognized)
    expect(Object.keys(fast!.sampling_params)).toStrictEqual(["temperature", "seed", "stop", "extra"])
    expect(Object.keys(fast!.failure_reason!)).toStrictEqual(["message", "additional_context", "worker"])
  })

  it("null-prototype objects decode to plain ones on both paths", () => {
    const nullProto = <A extends object>(a: A): A => Object.assign(Object.create(null), a)
    const wire = {
      ...documentedJob,
      json_schema: nullProto({ type: "object", properties: nullProto({ a: nullProto({ type: "string" }) }) }),
      sampling_params: nullProto({ temperature: 0.2, guided: nullProto({ backend: "x" }) }),
      failure_reason: nullProto({ message: "m", additional_context: nullProto({ row: 1 }) })
    }
    const fast = scan.job(wire)
    expect(fast).toBeDefined()
    expectSame(fast, success(schemaJob(wire)))
    expect(Object.getPrototypeOf(fast!.json_schema!.properties)).toBe(Object.prototype)
    expect(Object.getPrototypeOf(fast!.sampling_params.guided)).toBe(Object.prototype)
  })

  const cursor = Arbitraries.stringOf("abcXYZ019+/=_-", { minLength: 1 })

  it.prop("pages and their cursors", [
    Arbitraries.array(Arbitraries.wire, { maxLength: 5 }),
    Arbitraries.oneOf<string | null>(Arbitraries.constantFrom(null, ""), cursor)
  ], ([jobs, next_cursor]) => {
    const wire = { jobs, next_cursor, extra: 1 }
    expect(scan.jobsPage(wire)).toBeDefined()
    expectSame(scan.jobsPage(wire), success(schemaPage(wire)))
    expectSame(JobsPage.decodePage(wire), schemaPage(wire))
    const all = { message: "ok", jobs }
    expect(scan.allJobs(all)).toBeDefined()
    expectSame(scan.allJobs(all), success(schemaAll(all)))
    expectSame(JobsPage.decodeAllJobs(all), schemaAll(all))
  }, Arbitraries.runs(100))
})

describe("the fast path never accepts what the schema rejects", () => {
  const fields = [...Object.keys(documentedJob), "run_type"]
  const nested = [
    "sampling_params.temperature",
    "sampling_params.top_k",
    "sampling_params.stop",
    "sampling_params.other",
    "failure_reason.message",
    "failure_reason.additional_context",
    "failure_reason.other",
    "json_schema.type"
  ]
  class NotPlain {
    readonly message = "x"
  }
  const badValue = Arbitraries.oneOf<unknown>(
    Arbitraries.constantFrom(
      undefined,
      null,
      NaN,
      Infinity,
      -Infinity,
      1.5,
      2 ** 53,
      -0,
      "",
      "yesterday",
      "2024-02-30T00:00:00Z",
      "2023-02-29T00:00:00Z",
      "2024-02-29T00:00:00Z",
      "2024-13-01T00:00:00Z",
      "2024-01-15T24:00:00Z",
      "0099-01-01T00:00:00Z",
      "2024-01-15T10:30:00.5Z",
      [],
      [1, "a"],
      ["a", undefined],
      [undefined],
      {},
      { message: 1 },
      { a: undefined },
      { a: NaN },
      { a: [Infinity] },
      JSON.parse("{\"__proto__\": {\"a\": 1}}"),
      Object.create(null),
      new Date(0),
      new Map(),
      new NotPlain(),
      Symbol("s"),
      BigInt(1),
      () => 1
    ),
    Arbitraries.anything
  )
  const mutation = Arbitraries.all({
    path: Arbitraries.constantFrom(...fields, ...nested),
    value: badValue,
    remove: Arbitraries.boolean
  })

  const mutate = (wire: any, path: string, value: unknown, remove: boolean) => {
    const [head, tail] = path.split(".")
    const job = { ...wire }
    if (tail === undefined) {
      if (remove) delete job[head]
      else job[head] = value
      return job
    }
    const inner = typeof job[head] === "object" && job[head] !== null ? { ...job[head] } : { message: "m" }
    if (remove) delete inner[tail]
    else inner[tail] = value
    job[head] = inner
    return job
  }

  it.prop("a job with a mutated field", [
    Arbitraries.wire,
    Arbitraries.array(mutation, { minLength: 1, maxLength: 3 })
  ], ([wire, mutations]) => {
    let job = wire
    for (const m of mutations) job = mutate(job, m.path, m.value, m.remove)
    expectAgreesOrFallsBack(scan.job(job), schemaJob(job))
    const page = { jobs: [job], next_cursor: null }
    expectAgreesOrFallsBack(scan.jobsPage(page), schemaPage(page))
    // The public function is the schema's answer either way, error included.
    const viaPublic = JobsPage.decodePage(page)
    const viaSchema = schemaPage(page)
    expect(isSuccess(viaPublic)).toBe(isSuccess(viaSchema))
    if (isFailure(viaPublic) && isFailure(viaSchema)) {
      expect(failure(viaPublic).message).toBe(failure(viaSchema).message)
      expect(issues(failure(viaPublic))).toStrictEqual(issues(failure(viaSchema)))
    }
  }, Arbitraries.runs(1000))

  it.prop("any value at all as a page, a job list or a cursor", [
    Arbitraries.anything,
    badValue
  ], ([anything, cursor]) => {
    expectAgreesOrFallsBack(scan.jobsPage(anything), schemaPage(anything))
    expectAgreesOrFallsBack(scan.allJobs(anything), schemaAll(anything))
    expectAgreesOrFallsBack(scan.job(anything), schemaJob(anything))
    const page = { jobs: [documentedJob], next_cursor: cursor }
    expectAgreesOrFallsBack(scan.jobsPage(page), schemaPage(page))
  }, Arbitraries.runs(300))

  it("cursors the Cursor schema rejects, and the empty cursor", () => {
    for (const next_cursor of ["a b", "x".repeat(4097), "\u00e9", 1, undefined, "", "x".repeat(4096)]) {
      const page = { jobs: [], next_cursor }
      expectAgreesOrFallsBack(scan.jobsPage(page), schemaPage(page))
    }
    expect(scan.jobsPage({ jobs: [], next_cursor: "a b" })).toBeUndefined()
    expect(isFailure(JobsPage.decodePage({ jobs: [], next_cursor: "a b" }))).toBe(true)
    expect(scan.jobsPage({ jobs: [], next_cursor: "x".repeat(5000) })?.next_cursor).toBe("x".repeat(5000))
  })

  it("a failure names the path, as the schema's does", () => {
    // Effect's own texts: Effect 3 adds the actual value and writes the message as a tree.
    const error = failure(
      JobsPage.decodePage({ jobs: [documentedJob, { ...documentedJob, model: 3 }], next_cursor: null })
    )
    if (line === "effect4") expect(error.message).toBe("Expected string\n  at [\"jobs\"][1][\"model\"]")
    else expect(error.message).toContain("[\"model\"]")
    expect(issues(error)).toStrictEqual([{
      path: ["jobs", 1, "model"],
      message: line === "effect4" ? "Expected string" : "Expected string, actual 3"
    }])
    const all = failure(JobsPage.decodeAllJobs({ message: "ok", jobs: [{ ...documentedJob, status: null }] }))
    expect(issues(all)).toStrictEqual([{
      path: ["jobs", 0, "status"],
      message: line === "effect4" ? "Expected string" : "Expected string, actual null"
    }])
  })
})

describe("timestamps: the canonical fast path agrees with the general parser", () => {
  it.prop("on every canonical timestamp", [Arbitraries.intBetween(-62135596800000, 253402300799999)], (
    [millis]
  ) => {
    const full = new Date(millis).toISOString()
    for (const text of [full, Timestamp.formatMillis(millis)]) {
      // Years before 100 are left to the general parser.
      expect(ProtocolTimestamp.canonicalMillis(text)).toBe(
        millis >= Date.UTC(100, 0, 1) ? ProtocolTimestamp.generalMillis(text) : undefined
      )
      expect(Timestamp.parseMillis(text)).toBe(millis)
    }
  }, Arbitraries.runs(2000))

  const digits = (n: number) => Arbitraries.stringOf("0123456789", { minLength: n, maxLength: n })
  it.prop("on canonical-shaped text with any digits (invalid dates included)", [
    digits(4),
    digits(2),
    digits(2),
    digits(2),
    digits(2),
    digits(2),
    Arbitraries.orNull(digits(3))
  ], ([y, mo, d, h, mi, s, ms]) => {
    const text = `${y}-${mo}-${d}T${h}:${mi}:${s}${ms === null ? "" : `.${ms}`}Z`
    const fast = ProtocolTimestamp.canonicalMillis(text)
    if (fast !== undefined) expect(fast).toBe(ProtocolTimestamp.generalMillis(text))
    expect(Timestamp.parseMillis(text)).toBe(ProtocolTimestamp.generalMillis(text))
  }, Arbitraries.runs(5000))
  // Every 3-digit fraction and the month ends: packages/protocol/test/Timestamp.test.ts.
})

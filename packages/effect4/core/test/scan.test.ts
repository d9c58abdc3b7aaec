import { describe, expect, it } from "@effect/vitest"
import { Job, JobsPage, JobStatus } from "@sutro-effect/core"
import * as Arbitrary from "effect/Arbitrary"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"
import * as scan from "../src/internal/scan.js"
import * as Arbitraries from "./arbitraries.js"
import { documentedAllJobs, documentedJob, documentedPage } from "./fixtures.js"

const schemaJob = Schema.decodeUnknownResult(Job.Job)
const schemaPage = Schema.decodeUnknownResult(JobsPage.JobsPage)
const schemaAll = Schema.decodeUnknownResult(JobsPage.AllJobs)

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

const success = <A>(result: Result.Result<A, Schema.SchemaError>): A => {
  if (Result.isFailure(result)) throw new Error(`expected a success, got: ${result.failure.message}`)
  return result.success
}

/** The fast path agrees with the schema, or says "don't know"; it never accepts what the schema rejects. */
const expectAgreesOrFallsBack = (fast: unknown, schema: Result.Result<unknown, Schema.SchemaError>) => {
  if (fast === undefined) return
  expect(Result.isSuccess(schema)).toBe(true)
  if (Result.isSuccess(schema)) expectSame(fast, schema.success)
}

const issues = (error: Schema.SchemaError) => SchemaIssue.makeFormatterStandardSchemaV1()(error.issue).issues

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
  }, { arbitrary: { runs: 500 } })

  it.prop("any job object, without a JSON round trip", [Arbitraries.job], ([job]) => {
    const wire = Schema.encodeSync(Job.Job)(job)
    const fast = scan.job(wire)
    expect(fast).toBeDefined()
    expectSame(fast, success(schemaJob(wire)))
  }, { arbitrary: { runs: 200 } })

  const knownSpellings = Arbitrary.flatMap(
    Arbitrary.schema(JobStatus.KnownJobStatus),
    (s) => Arbitraries.constantFrom(s, s.toLowerCase(), ` ${s[0]}${s.slice(1).toLowerCase()} `)
  )
  const timestamp = Arbitrary.flatMap(
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
  const variants = Arbitrary.all({
    status: Arbitraries.oneOf<string>(
      knownSpellings,
      Arbitraries.constantFrom("pending", "SUBMITTED", "Paused-For-Review", "archived", ""),
      Arbitrary.schema(Schema.String)
    ),
    timestamp,
    extra: Arbitrary.filter(Arbitraries.jsonRecord, (extra) => !Object.hasOwn(extra, "")),
    // toStrictEqual compares `.constructor`, so an own "constructor" key holding two equal but
    // distinct objects reads as a type mismatch; that key has its own test below.
    samplingExtra: Arbitrary.filter(Arbitraries.jsonRecord, (extra) => !Object.hasOwn(extra, "constructor")),
    runType: Arbitrary.schema(Schema.Literals(["absent", "null", "FULL"]))
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
  }, { arbitrary: { runs: 500 } })

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

  const cursor = Arbitrary.schema(Schema.String.check(Schema.isPattern(/^[abcXYZ019+/=_-]+$/)))

  it.prop("pages and their cursors", [
    Arbitrary.array(Arbitraries.wire, { maxLength: 5 }),
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
  }, { arbitrary: { runs: 100 } })
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
  /** A JSON value with its objects made null-prototype ones, or a Map or a Set of it. */
  const unusual = Arbitrary.flatMap(Arbitraries.json, (value) => {
    const nullProto = (u: unknown): unknown =>
      Array.isArray(u)
        ? u.map(nullProto)
        : typeof u === "object" && u !== null
        ? Object.assign(Object.create(null), Object.fromEntries(Object.entries(u).map(([k, v]) => [k, nullProto(v)])))
        : u
    return Arbitraries.constantFrom(nullProto(value), new Map([["a", value]]), new Set([value]), [value, undefined])
  })
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
    Arbitrary.schema(Schema.Unknown),
    unusual
  )
  const mutation = Arbitrary.all({
    path: Arbitraries.constantFrom(...fields, ...nested),
    value: badValue,
    remove: Arbitrary.schema(Schema.Boolean)
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
    Arbitrary.array(mutation, { minLength: 1, maxLength: 3 })
  ], ([wire, mutations]) => {
    let job = wire
    for (const m of mutations) job = mutate(job, m.path, m.value, m.remove)
    expectAgreesOrFallsBack(scan.job(job), schemaJob(job))
    const page = { jobs: [job], next_cursor: null }
    expectAgreesOrFallsBack(scan.jobsPage(page), schemaPage(page))
    // The public function is the schema's answer either way, error included.
    const viaPublic = JobsPage.decodePage(page)
    const viaSchema = schemaPage(page)
    expect(Result.isSuccess(viaPublic)).toBe(Result.isSuccess(viaSchema))
    if (Result.isFailure(viaPublic) && Result.isFailure(viaSchema)) {
      expect(viaPublic.failure.message).toBe(viaSchema.failure.message)
      expect(issues(viaPublic.failure)).toStrictEqual(issues(viaSchema.failure))
    }
  }, { arbitrary: { runs: 1000 } })

  it.prop("any value at all as a page, a job list or a cursor", [
    Arbitraries.oneOf<unknown>(Arbitrary.schema(Schema.Unknown), unusual),
    badValue
  ], ([anything, cursor]) => {
    expectAgreesOrFallsBack(scan.jobsPage(anything), schemaPage(anything))
    expectAgreesOrFallsBack(scan.allJobs(anything), schemaAll(anything))
    expectAgreesOrFallsBack(scan.job(anything), schemaJob(anything))
    const page = { jobs: [documentedJob], next_cursor: cursor }
    expectAgreesOrFallsBack(scan.jobsPage(page), schemaPage(page))
  }, { arbitrary: { runs: 300 } })

  it("cursors the Cursor schema rejects, and the empty cursor", () => {
    for (const next_cursor of ["a b", "x".repeat(4097), "\u00e9", 1, undefined, "", "x".repeat(4096)]) {
      const page = { jobs: [], next_cursor }
      expectAgreesOrFallsBack(scan.jobsPage(page), schemaPage(page))
    }
    expect(scan.jobsPage({ jobs: [], next_cursor: "a b" })).toBeUndefined()
    expect(Result.isFailure(JobsPage.decodePage({ jobs: [], next_cursor: "a b" }))).toBe(true)
    expect(scan.jobsPage({ jobs: [], next_cursor: "x".repeat(5000) })?.next_cursor).toBe("x".repeat(5000))
  })

  it("a failure names the path, as the schema's does", () => {
    const result = JobsPage.decodePage({ jobs: [documentedJob, { ...documentedJob, model: 3 }], next_cursor: null })
    if (Result.isSuccess(result)) throw new Error("expected a failure")
    expect(Schema.isSchemaError(result.failure)).toBe(true)
    expect(result.failure.message).toBe("Expected string\n  at [\"jobs\"][1][\"model\"]")
    expect(issues(result.failure)).toStrictEqual([{ path: ["jobs", 1, "model"], message: "Expected string" }])
    const all = JobsPage.decodeAllJobs({ message: "ok", jobs: [{ ...documentedJob, status: null }] })
    if (Result.isSuccess(all)) throw new Error("expected a failure")
    expect(issues(all.failure)).toStrictEqual([{ path: ["jobs", 0, "status"], message: "Expected string" }])
  })
})

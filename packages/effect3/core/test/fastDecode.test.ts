import { describe, expect, it } from "@effect/vitest"
import { Job, JobsPage, JobStatus, Timestamp } from "@sutro-effect/core"
import * as ProtocolTimestamp from "@sutro-effect/protocol/Timestamp"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as fastDecode from "../src/internal/scanner.js"
import { documentedAllJobs, documentedJob, documentedPage } from "./fixtures.js"

const schemaJob = Schema.decodeUnknownEither(Job.Job)
const schemaPage = Schema.decodeUnknownEither(JobsPage.JobsPage)
const schemaAll = Schema.decodeUnknownEither(JobsPage.AllJobs)
const encodeJob = Schema.encodeSync(Job.Job)

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
const expectAgreesOrFallsBack = (fast: unknown, schema: Either.Either<unknown, ParseResult.ParseError>) => {
  if (fast === undefined) return
  expect(Either.isRight(schema)).toBe(true)
  if (Either.isRight(schema)) expectSame(fast, schema.right)
}

const hasProtoKey = (u: unknown): boolean =>
  typeof u === "object" && u !== null &&
  (Object.prototype.hasOwnProperty.call(u, "__proto__") || Object.values(u).some(hasProtoKey))
const arbitraryJob = Arbitrary.make(Job.Job).filter((job) => !hasProtoKey(job))
const arbitraryWire = arbitraryJob.map((job) => JSON.parse(JSON.stringify(encodeJob(job))))

describe("the fast path decodes valid input exactly as the schema does", () => {
  it("the documented examples", () => {
    expectSame(fastDecode.allJobs(documentedAllJobs), Either.getOrThrow(schemaAll(documentedAllJobs)))
    expectSame(fastDecode.jobsPage(documentedPage), Either.getOrThrow(schemaPage(documentedPage)))
  })

  it.prop("any job, as the wire sends it", [arbitraryWire], ([wire]) => {
    const fast = fastDecode.job(wire)
    expect(fast).toBeDefined()
    expectSame(fast, Either.getOrThrow(schemaJob(wire)))
  }, { fastCheck: { numRuns: 500 } })

  it.prop("any job object, without a JSON round trip", [arbitraryJob], ([job]) => {
    const wire = encodeJob(job)
    const fast = fastDecode.job(wire)
    expect(fast).toBeDefined()
    expectSame(fast, Either.getOrThrow(schemaJob(wire)))
  }, { fastCheck: { numRuns: 200 } })

  const variants = FastCheck.record({
    status: FastCheck.oneof(
      FastCheck.constantFrom(...JobStatus.known).chain((s) =>
        FastCheck.constantFrom(s, s.toLowerCase(), ` ${s[0]}${s.slice(1).toLowerCase()} `)
      ),
      FastCheck.constantFrom("pending", "SUBMITTED", "Paused-For-Review", "archived", ""),
      FastCheck.string()
    ),
    timestamp: FastCheck.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2200, 0, 1) }).chain((millis) =>
      FastCheck.constantFrom(
        new Date(millis).toISOString(),
        new Date(millis).toISOString().replace("T", " ").replace("Z", "+00:00"),
        new Date(millis).toISOString().slice(0, 19),
        new Date(millis).toISOString().slice(0, 19) + ".123456Z",
        new Date(millis).toISOString().slice(0, 19) + "-05:30",
        new Date(millis).toISOString().toLowerCase()
      )
    ),
    extra: FastCheck.dictionary(FastCheck.string({ minLength: 1 }), FastCheck.jsonValue()),
    // toStrictEqual compares `.constructor`, so an own "constructor" key holding two equal but
    // distinct objects reads as a type mismatch; that key has its own test below.
    samplingExtra: FastCheck.dictionary(
      FastCheck.string({ minLength: 1 }).filter((key) => key !== "constructor"),
      FastCheck.jsonValue()
    ),
    runType: FastCheck.constantFrom("absent", "null", "FULL")
  })

  it.prop("non-canonical wire forms: statuses in any case, offsets, extra fields", [arbitraryWire, variants], (
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
    const fast = fastDecode.job(wire)
    if (hasProtoKey(wire.sampling_params)) {
      // Assigning a __proto__ key sets a prototype; that case is always left to the schema.
      expect(fast).toBeUndefined()
      const page = { jobs: [wire], next_cursor: null }
      expectSame(JobsPage.decodePage(page), schemaPage(page))
      return
    }
    expect(fast).toBeDefined()
    expectSame(fast, Either.getOrThrow(schemaJob(wire)))
  }, { fastCheck: { numRuns: 500 } })

  it("keys named like Object.prototype members", () => {
    const wire = JSON.parse(JSON.stringify({
      ...documentedJob,
      sampling_params: { constructor: { a: 1 }, toString: "x", hasOwnProperty: null },
      failure_reason: { message: "m", constructor: [1], valueOf: {} }
    }))
    const fast = fastDecode.job(wire)
    const schema = Either.getOrThrow(schemaJob(wire))
    expect(shape(fast)).toStrictEqual(shape(schema))
    expect(Object.getPrototypeOf(fast!.sampling_params)).toBe(Object.getPrototypeOf(schema.sampling_params))
    expect(Object.getPrototypeOf(fast!.failure_reason)).toBe(Object.getPrototypeOf(schema.failure_reason))
  })

  it.prop("pages and their cursors", [
    FastCheck.array(arbitraryWire, { maxLength: 5 }),
    FastCheck.oneof(
      FastCheck.constant(null),
      FastCheck.constant(""),
      FastCheck.string({ unit: FastCheck.constantFrom(..."abcXYZ019+/=_-"), minLength: 1 })
    )
  ], ([jobs, next_cursor]) => {
    const wire = { jobs, next_cursor, extra: 1 }
    expectSame(fastDecode.jobsPage(wire), Either.getOrThrow(schemaPage(wire)))
    expectSame(JobsPage.decodePage(wire), schemaPage(wire))
    const all = { message: "ok", jobs }
    expectSame(fastDecode.allJobs(all), Either.getOrThrow(schemaAll(all)))
    expectSame(JobsPage.decodeAllJobs(all), schemaAll(all))
  }, { fastCheck: { numRuns: 100 } })
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
  const badValue = FastCheck.oneof(
    FastCheck.constantFrom<unknown>(
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
    FastCheck.anything({ withNullPrototype: true, withObjectString: true, withMap: true, withSet: true })
  )
  const mutation = FastCheck.record({
    path: FastCheck.constantFrom(...fields, ...nested),
    value: badValue,
    remove: FastCheck.boolean()
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

  it.prop("a job with a mutated field", [arbitraryWire, FastCheck.array(mutation, { minLength: 1, maxLength: 3 })], (
    [wire, mutations]
  ) => {
    let job = wire
    for (const m of mutations) job = mutate(job, m.path, m.value, m.remove)
    expectAgreesOrFallsBack(fastDecode.job(job), schemaJob(job))
    const page = { jobs: [job], next_cursor: null }
    expectAgreesOrFallsBack(fastDecode.jobsPage(page), schemaPage(page))
    // The public function is the schema's answer either way, error included.
    const viaPublic = JobsPage.decodePage(page)
    const viaSchema = schemaPage(page)
    expect(Either.isRight(viaPublic)).toBe(Either.isRight(viaSchema))
    if (Either.isLeft(viaPublic) && Either.isLeft(viaSchema)) {
      expect(ParseResult.ArrayFormatter.formatErrorSync(viaPublic.left)).toStrictEqual(
        ParseResult.ArrayFormatter.formatErrorSync(viaSchema.left)
      )
    }
  }, { fastCheck: { numRuns: 1000 } })

  it.prop("any value at all as a page, a job list or a cursor", [
    FastCheck.anything({ withNullPrototype: true, withMap: true }),
    badValue
  ], ([anything, cursor]) => {
    expectAgreesOrFallsBack(fastDecode.jobsPage(anything), schemaPage(anything))
    expectAgreesOrFallsBack(fastDecode.allJobs(anything), schemaAll(anything))
    expectAgreesOrFallsBack(fastDecode.job(anything), schemaJob(anything))
    const page = { jobs: [documentedJob], next_cursor: cursor }
    expectAgreesOrFallsBack(fastDecode.jobsPage(page), schemaPage(page))
  }, { fastCheck: { numRuns: 300 } })

  it("cursors the Cursor schema rejects, and the empty cursor", () => {
    for (const next_cursor of ["a b", "x".repeat(4097), "\u00e9", 1, undefined, "", "x".repeat(4096)]) {
      const page = { jobs: [], next_cursor }
      expectAgreesOrFallsBack(fastDecode.jobsPage(page), schemaPage(page))
    }
    expect(fastDecode.jobsPage({ jobs: [], next_cursor: "a b" })).toBeUndefined()
    expect(Either.isLeft(JobsPage.decodePage({ jobs: [], next_cursor: "a b" }))).toBe(true)
  })

  it("a failure names the path, as the schema's does", () => {
    const result = JobsPage.decodePage({ jobs: [documentedJob, { ...documentedJob, model: 3 }], next_cursor: null })
    if (Either.isRight(result)) throw new Error("expected a failure")
    expect(ParseResult.ArrayFormatter.formatErrorSync(result.left)).toEqual([
      { _tag: "Type", path: ["jobs", 1, "model"], message: "Expected string, actual 3" }
    ])
  })
})

describe("timestamps: the canonical fast path agrees with the general parser", () => {
  it.prop("on every canonical timestamp", [FastCheck.integer({ min: -62135596800000, max: 253402300799999 })], (
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
  }, { fastCheck: { numRuns: 2000 } })

  const digit = FastCheck.constantFrom(..."0123456789")
  const digits = (n: number) => FastCheck.string({ unit: digit, minLength: n, maxLength: n })
  it.prop("on canonical-shaped text with any digits (invalid dates included)", [
    digits(4),
    digits(2),
    digits(2),
    digits(2),
    digits(2),
    digits(2),
    FastCheck.option(digits(3))
  ], ([y, mo, d, h, mi, s, ms]) => {
    const text = `${y}-${mo}-${d}T${h}:${mi}:${s}${ms === null ? "" : `.${ms}`}Z`
    const fast = ProtocolTimestamp.canonicalMillis(text)
    if (fast !== undefined) expect(fast).toBe(ProtocolTimestamp.generalMillis(text))
    expect(Timestamp.parseMillis(text)).toBe(ProtocolTimestamp.generalMillis(text))
  }, { fastCheck: { numRuns: 5000 } })
  // Every 3-digit fraction and the month ends: packages/protocol/test/Timestamp.test.ts.
})

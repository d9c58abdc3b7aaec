import * as fs from "node:fs"
import { describe, expect, it } from "vitest"
import * as Scan from "../src/Scan.js"

const examples = JSON.parse(fs.readFileSync(new URL("fixtures/list-jobs-examples.json", import.meta.url), "utf8"))
const documentedAll = examples.withoutPagination
const documentedPage = examples.withPagination
const documentedJob: Record<string, unknown> = documentedAll.jobs[0]

// Tagged values show which constructor built what, from which input.
const scanner = Scan.makeScanner({ timestamp: (millis) => ({ millis }), status: (raw) => ({ raw }) })

const jobKeys = [
  "job_id",
  "status",
  "model",
  "system_prompt",
  "job_priority",
  "datetime_created",
  "datetime_started",
  "datetime_completed",
  "json_schema",
  "sampling_params",
  "name",
  "description",
  "dataset_id",
  "input_tokens",
  "output_tokens",
  "job_cost",
  "num_rows",
  "failure_reason",
  "cost_estimate"
]

describe("Scan.makeScanner: what it reads", () => {
  it("the documented examples, keys in the schema's order, values from the line's constructors", () => {
    const all = scanner.allJobs(documentedAll)
    expect(all).toStrictEqual({
      message: "Jobs retrieved successfully.",
      jobs: [{
        job_id: "batch_job_12345",
        status: { raw: "succeeded" },
        model: "llama-3.1-8b",
        system_prompt: "You are a helpful assistant.",
        job_priority: 1,
        datetime_created: { millis: Date.UTC(2024, 0, 15, 10, 30, 0) },
        datetime_started: { millis: Date.UTC(2024, 0, 15, 10, 30, 15) },
        datetime_completed: { millis: Date.UTC(2024, 0, 15, 10, 32, 15) },
        json_schema: null,
        sampling_params: { temperature: 0.7, top_p: 0.95, max_tokens: 2048 },
        name: "Customer Support Batch",
        description: "Processing customer inquiries",
        dataset_id: "dataset_abc123",
        input_tokens: 15420,
        output_tokens: 8230,
        job_cost: 0.0234,
        num_rows: 50,
        failure_reason: null,
        cost_estimate: 0.025,
        run_type: "FULL"
      }]
    })
    expect(Object.keys(all!)).toEqual(["message", "jobs"])
    expect(Object.keys(all!.jobs[0])).toEqual([...jobKeys, "run_type"])
    const page = scanner.jobsPage(documentedPage)
    expect(Object.keys(page!)).toEqual(["jobs", "next_cursor"])
    expect(page!.jobs).toStrictEqual(all!.jobs)
    expect(page!.next_cursor).toBe(documentedPage.next_cursor)
  })

  it("builds fresh objects and arrays", () => {
    const input = {
      ...documentedJob,
      json_schema: { type: "object", required: ["a"] },
      sampling_params: { stop: ["\n"], extra: { deep: [1] } },
      failure_reason: { message: "m", additional_context: { row: 7 } }
    }
    const job = scanner.job(input)!
    expect(job.json_schema).toStrictEqual(input.json_schema)
    expect(job.json_schema).not.toBe(input.json_schema)
    expect(job.json_schema!.required).not.toBe(input.json_schema.required)
    expect(job.sampling_params.stop).not.toBe(input.sampling_params.stop)
    expect(job.sampling_params.extra).not.toBe(input.sampling_params.extra)
    expect(job.failure_reason!.additional_context).not.toBe(input.failure_reason.additional_context)
    const jobs = [documentedJob]
    expect(scanner.jobsPage({ jobs, next_cursor: null })!.jobs).not.toBe(jobs)
  })

  it("puts the typed sampling parameters first in declaration order, then the others in input order", () => {
    const job = scanner.job({
      ...documentedJob,
      sampling_params: { z: 1, stop: "x", seed: null, guided: { a: 1 }, temperature: 0, toString: "t" }
    })!
    expect(Object.entries(job.sampling_params)).toEqual([
      ["temperature", 0],
      ["seed", null],
      ["stop", "x"],
      ["z", 1],
      ["guided", { a: 1 }],
      ["toString", "t"]
    ])
  })

  it("puts message, then additional_context, then the other keys of a failure reason", () => {
    const job = scanner.job({
      ...documentedJob,
      failure_reason: { worker: "gpu-3", additional_context: null, message: "OOM", constructor: [1] }
    })!
    expect(Object.entries(job.failure_reason!)).toEqual([
      ["message", "OOM"],
      ["additional_context", null],
      ["worker", "gpu-3"],
      ["constructor", [1]]
    ])
  })

  it("keeps run_type absent when absent, and reads nulls", () => {
    const { run_type: _, ...rest } = documentedJob
    expect(Object.keys(scanner.job(rest)!)).toEqual(jobKeys)
    expect(scanner.job({ ...documentedJob, run_type: null })!.run_type).toBeNull()
    const nulls = scanner.job({ ...documentedJob, datetime_created: null, failure_reason: null, job_cost: null })!
    expect([nulls.datetime_created, nulls.failure_reason, nulls.job_cost]).toEqual([null, null, null])
  })

  it("reads every timestamp spelling, and passes any status text to the line", () => {
    const job = scanner.job({
      ...documentedJob,
      status: " Paused-For-Review ",
      datetime_started: "2024-01-15T12:30:00.5+02:00",
      datetime_completed: "2024-01-15 10:30:00"
    })!
    expect(job.status).toEqual({ raw: " Paused-For-Review " })
    expect(job.datetime_started).toEqual({ millis: Date.UTC(2024, 0, 15, 10, 30, 0, 500) })
    expect(job.datetime_completed).toEqual({ millis: Date.UTC(2024, 0, 15, 10, 30, 0) })
  })

  it("reads an empty next_cursor as the last page, and holds a server's cursor to no length", () => {
    expect(scanner.jobsPage({ jobs: [], next_cursor: "" })).toStrictEqual({ jobs: [], next_cursor: null })
    const long = "x".repeat(10_000)
    expect(scanner.jobsPage({ jobs: [], next_cursor: long, extra: 1 })).toStrictEqual({ jobs: [], next_cursor: long })
  })
})

describe("Scan.makeScanner: what it leaves to the schema", () => {
  class NotPlain {
    readonly message = "x"
  }
  const mutations: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
    ["job_id", { job_id: 1 }],
    ["status", { status: null }],
    ["model missing", { model: undefined }],
    ["system_prompt", { system_prompt: 1 }],
    ["job_priority fraction", { job_priority: 1.5 }],
    ["job_priority text", { job_priority: "1" }],
    ["job_priority unsafe", { job_priority: 2 ** 53 }],
    ["input_tokens fraction", { input_tokens: 1.5 }],
    ["job_cost NaN", { job_cost: Number.NaN }],
    ["cost_estimate Infinity", { cost_estimate: Infinity }],
    ["datetime_created text", { datetime_created: "yesterday" }],
    ["datetime_started invalid date", { datetime_started: "2024-02-30T00:00:00Z" }],
    ["datetime_completed number", { datetime_completed: 0 }],
    ["json_schema array", { json_schema: [] }],
    ["json_schema undefined value", { json_schema: { a: undefined } }],
    ["json_schema NaN", { json_schema: { a: [Number.NaN] } }],
    ["json_schema __proto__", { json_schema: JSON.parse(`{"__proto__": {"a": 1}}`) }],
    ["json_schema class", { json_schema: new NotPlain() }],
    ["sampling_params null", { sampling_params: null }],
    ["sampling_params top_k", { sampling_params: { top_k: 1.5 } }],
    ["sampling_params temperature", { sampling_params: { temperature: "hot" } }],
    ["sampling_params stop", { sampling_params: { stop: ["a", 1] } }],
    ["sampling_params other", { sampling_params: { other: undefined } }],
    ["sampling_params __proto__", { sampling_params: JSON.parse(`{"__proto__": 1}`) }],
    ["sampling_params map", { sampling_params: new Map() }],
    ["failure_reason no message", { failure_reason: {} }],
    ["failure_reason message", { failure_reason: { message: 1 } }],
    ["failure_reason context", { failure_reason: { message: "m", additional_context: Infinity } }],
    ["failure_reason class", { failure_reason: new NotPlain() }],
    ["run_type", { run_type: 5 }],
    ["run_type undefined", { run_type: undefined }],
    ["name", { name: [] }]
  ]

  it("a job with one field the schema might reject", () => {
    for (const [label, change] of mutations) {
      const job = { ...documentedJob, ...change }
      expect([label, scanner.job(job)]).toEqual([label, undefined])
      expect([label, scanner.jobsPage({ jobs: [documentedJob, job], next_cursor: null })]).toEqual([label, undefined])
      expect([label, scanner.allJobs({ message: "ok", jobs: [job] })]).toEqual([label, undefined])
    }
  })

  it("anything but a plain object where one is expected", () => {
    for (const u of [null, undefined, "job", 1, [], [documentedJob], new NotPlain(), new Date(0), new Map()]) {
      expect(scanner.job(u)).toBeUndefined()
      expect(scanner.jobsPage(u)).toBeUndefined()
      expect(scanner.allJobs(u)).toBeUndefined()
    }
    const inherited = Object.assign(Object.create({ inherited: 1 }), documentedJob)
    expect(scanner.job(inherited)).toBeUndefined()
  })

  it("a page or response of the wrong shape", () => {
    const table: ReadonlyArray<unknown> = [
      { jobs: {}, next_cursor: null },
      { jobs: [documentedJob] },
      { jobs: [], next_cursor: undefined },
      { jobs: [], next_cursor: 1 },
      { jobs: [], next_cursor: "a b" },
      { jobs: [], next_cursor: "\u00e9" },
      { jobs: [undefined], next_cursor: null }
    ]
    for (const page of table) expect(scanner.jobsPage(page)).toBeUndefined()
    expect(scanner.allJobs({ jobs: [] })).toBeUndefined()
    expect(scanner.allJobs({ message: 1, jobs: [] })).toBeUndefined()
    expect(scanner.allJobs({ message: "ok", jobs: "none" })).toBeUndefined()
  })
})

// Values nested far deeper than the call stack allows (JSON.parse builds them without complaint).
// Built and checked with loops: a recursive helper (toStrictEqual included) would overflow itself.
const nested = (depth: number, leaf: unknown = 1): unknown => {
  let value: unknown = leaf
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? { a: value } : [value]
  return value
}

/** The depth of a nested value (alternating `{a}` and `[x]`), its leaf, and whether any level is shared with `other`. */
const walk = (value: unknown, other: unknown): { depth: number; leaf: unknown; shared: boolean } => {
  let depth = 0
  let shared = false
  while (typeof value === "object" && value !== null) {
    if (value === other) shared = true
    const proto = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== Array.prototype) return { depth: -1, leaf: value, shared }
    value = Array.isArray(value) ? value[0] : (value as { a: unknown }).a
    other = Array.isArray(other) ? other[0] : (other as { a?: unknown } | undefined)?.a
    depth++
  }
  return { depth, leaf: value, shared }
}

describe("Scan: values nested 10,000 levels deep", () => {
  const depth = 10_000

  it("a job holding one in json_schema, sampling_params and failure_reason decodes, the values copied intact", () => {
    const text = JSON.stringify({ ...documentedJob, json_schema: {}, sampling_params: {}, failure_reason: null })
      .replace(`"json_schema":{}`, `"json_schema":{"a":${"[{\"a\":".repeat(depth / 2)}1${"}]".repeat(depth / 2)}}`)
      .replace(
        `"sampling_params":{}`,
        `"sampling_params":{"temperature":0.5,"deep":${"[".repeat(depth)}${"]".repeat(depth)}}`
      )
      .replace(
        `"failure_reason":null`,
        `"failure_reason":{"message":"m","additional_context":${"{\"a\":".repeat(depth)}null${"}".repeat(depth)}}`
      )
    const wire = JSON.parse(text)
    const job = scanner.job(wire)
    expect(job).toBeDefined()
    expect(job!.job_id).toBe(documentedJob.job_id)
    expect(walk(job!.json_schema, wire.json_schema)).toStrictEqual({ depth: depth + 1, leaf: 1, shared: false })
    expect(Object.keys(job!.sampling_params)).toStrictEqual(["temperature", "deep"])
    let arrays = 0
    for (let v: unknown = job!.sampling_params.deep; Array.isArray(v); v = v[0]) arrays++
    expect(arrays).toBe(depth)
    const context = job!.failure_reason!.additional_context
    expect(walk(context, wire.failure_reason.additional_context)).toMatchObject({ leaf: null, shared: false })
    const page = scanner.jobsPage({ jobs: [documentedJob, wire], next_cursor: null })
    expect(page?.jobs.map((j) => j.job_id)).toStrictEqual([documentedJob.job_id, documentedJob.job_id])
  })

  it("what makes a shallow value the schema's still does at the bottom of a deep one", () => {
    for (const leaf of [Number.NaN, { a: undefined }, new Array(1), new Date(0), JSON.parse(`{"__proto__": 1}`)]) {
      expect(scanner.job({ ...documentedJob, json_schema: { a: nested(depth, leaf) } })).toBeUndefined()
    }
  })

  it("a cycle is left to the schema, not followed until memory runs out", () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(scanner.job({ ...documentedJob, json_schema: cyclic })).toBeUndefined()
    const pair: Array<unknown> = []
    pair.push({ back: pair })
    expect(Scan.json(pair)).toBeUndefined()
  })

  it("json copies any depth, keeps a __proto__ key an own key, and refuses what is not JSON", () => {
    const copied = Scan.json(nested(depth))
    expect(walk(copied, undefined)).toStrictEqual({ depth, leaf: 1, shared: false })
    const proto = Scan.json(JSON.parse(`{"x": {"__proto__": {"a": 1}}}`)) as Record<string, Record<string, unknown>>
    expect(Object.getPrototypeOf(proto.x)).toBe(Object.prototype)
    expect(Object.keys(proto.x)).toStrictEqual(["__proto__"])
    for (const bad of [Infinity, undefined, [1, () => 1], { a: 1n }, new Map()]) expect(Scan.json(bad)).toBeUndefined()
  })

  it("hideDeep leaves a shallow schema input, restoreDeep puts the deep values back", () => {
    const deep = nested(depth)
    const input = { jobs: [{ job_id: "j1", json_schema: { a: deep }, name: "n" }], next_cursor: null }
    expect(Scan.hideDeep(documentedPage, Scan.schemaDepth)).toBeUndefined()
    const hidden = Scan.hideDeep(input, Scan.schemaDepth)!
    expect(hidden.deep).toHaveLength(1)
    expect(hidden.deep[0].path.slice(0, 4)).toStrictEqual(["jobs", 0, "json_schema", "a"])
    expect(hidden.deep[0].path).toHaveLength(Scan.schemaDepth)
    // From level 4 down to the `{}` put at level 64 (which counts as one more level).
    expect(walk((hidden.input as typeof input).jobs[0].json_schema.a, undefined).depth).toBe(Scan.schemaDepth - 3)
    // The input is unchanged: only the containers above the hidden value were copied.
    expect(input.jobs[0].json_schema.a).toBe(deep)
    expect(walk(deep, undefined).depth).toBe(depth)
    // As a schema would decode the shallow input: fresh objects all the way down.
    const decoded = JSON.parse(JSON.stringify(hidden.input))
    expect(Scan.restoreDeep(decoded, hidden.deep)).toBeUndefined()
    expect(walk(decoded.jobs[0].json_schema.a, deep)).toStrictEqual({ depth, leaf: 1, shared: false })
    expect(Scan.locate(input, hidden.deep[0].path)).toStrictEqual({
      path: ["jobs", 0, "json_schema"],
      label: `the json_schema of job "j1"`
    })
    const bad = { jobs: [{ job_id: "j2", sampling_params: { x: nested(depth, Number.NaN) } }] }
    const badHidden = Scan.hideDeep(bad, Scan.schemaDepth)!
    const badDecoded = JSON.parse(JSON.stringify(badHidden.input))
    expect(Scan.restoreDeep(badDecoded, badHidden.deep)).toBe(badHidden.deep[0])
    expect(Scan.locate(bad, badHidden.deep[0].path).label).toBe(`the sampling_params of job "j2"`)
  })
})

describe("Scan.makeScanner with keepProtoKeys: a __proto__ key is data", () => {
  const keeping = Scan.makeScanner({
    timestamp: (millis) => ({ millis }),
    status: (raw) => ({ raw }),
    keepProtoKeys: true
  })
  const body = `{"jobs": [${
    JSON.stringify({ ...documentedJob, sampling_params: { seed: 1 }, failure_reason: { message: "m" } })
      .replace(`"json_schema":null`, `"json_schema":{"__proto__":{"polluted":true},"type":"object"}`)
      .replace(`"seed":1`, `"seed":1,"__proto__":{"polluted":true}`)
      .replace(`"message":"m"`, `"message":"m","__proto__":{"polluted":true}`)
  }], "next_cursor": null}`

  it("keeps it as an own key of the copy, in place, and sets no prototype", () => {
    const input = JSON.parse(body)
    expect(scanner.jobsPage(input)).toBeUndefined()
    const job = keeping.jobsPage(input)!.jobs[0] as any
    for (const value of [job.json_schema, job.sampling_params, job.failure_reason]) {
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
      expect(Object.prototype.hasOwnProperty.call(value, "__proto__")).toBe(true)
      expect(Object.getOwnPropertyDescriptor(value, "__proto__")!.value).toStrictEqual({ polluted: true })
      expect(value.polluted).toBeUndefined()
    }
    expect(Object.keys(job.json_schema)).toStrictEqual(["__proto__", "type"])
    expect(Object.keys(job.sampling_params)).toStrictEqual(["seed", "__proto__"])
    expect(Object.keys(job.failure_reason)).toStrictEqual(["message", "__proto__"])
    expect(({} as any).polluted).toBeUndefined()
  })

  it("and still gives up on anything else the default scanner gives up on", () => {
    const job = { ...documentedJob, json_schema: { a: Number.NaN } }
    expect(keeping.jobsPage({ jobs: [job], next_cursor: null })).toBeUndefined()
  })
})

describe("Scan.makeScanner with parsedInput: JSON.parse's values are taken, not copied", () => {
  const make = { timestamp: (millis: number) => ({ millis }), status: (raw: string) => ({ raw }), keepProtoKeys: true }
  const copying = Scan.makeScanner(make)
  const taking = Scan.makeScanner({ ...make, parsedInput: true })
  const job = {
    ...documentedJob,
    json_schema: { type: "object", properties: { a: { type: ["string", "null"] } }, __x: [1, 2.5, null, true] },
    sampling_params: { temperature: 0.2, stop: ["\n"], logit_bias: { "42": -1 } },
    failure_reason: { message: "m", additional_context: { rows: [1, 2] }, code: { at: "x" } }
  }
  const body = JSON.stringify({ jobs: [job, { ...documentedJob, json_schema: null }], next_cursor: "c2" })

  it("builds the same page as the copying scanner", () => {
    expect(taking.jobsPage(JSON.parse(body))).toStrictEqual(copying.jobsPage(JSON.parse(body)))
    const all = JSON.stringify({ ...documentedAll, jobs: [job] })
    expect(taking.allJobs(JSON.parse(all))).toStrictEqual(copying.allJobs(JSON.parse(all)))
  })

  it("hands over JSON.parse's values themselves; the copying scanner, and one without keepProtoKeys, copy", () => {
    const input = JSON.parse(body)
    const raw = input.jobs[0]
    const taken = taking.jobsPage(input)!.jobs[0] as any
    expect(taken.json_schema).toBe(raw.json_schema)
    expect(taken.sampling_params.logit_bias).toBe(raw.sampling_params.logit_bias)
    expect(taken.failure_reason.additional_context).toBe(raw.failure_reason.additional_context)
    expect(taken.failure_reason.code).toBe(raw.failure_reason.code)
    const copied = copying.jobsPage(input)!.jobs[0] as any
    expect(copied.json_schema).not.toBe(raw.json_schema)
    expect(copied.failure_reason.code).not.toBe(raw.failure_reason.code)
    const notKeeping = Scan.makeScanner({ ...make, keepProtoKeys: false, parsedInput: true })
    expect((notKeeping.jobsPage(input)!.jobs[0] as any).json_schema).not.toBe(raw.json_schema)
  })

  it("still refuses what is not JSON of the right shape where it is", () => {
    for (const json_schema of [[], "x", 1, true]) {
      expect(taking.jobsPage({ jobs: [{ ...documentedJob, json_schema }], next_cursor: null })).toBeUndefined()
    }
    expect(taking.jobsPage({ jobs: [{ ...documentedJob, sampling_params: [] }], next_cursor: null }))
      .toBeUndefined()
    expect(taking.jobsPage({ jobs: [{ ...documentedJob, failure_reason: { message: 1 } }], next_cursor: null }))
      .toBeUndefined()
  })

  it("a __proto__ key JSON.parse made stays an own key and sets no prototype", () => {
    const input = JSON.parse(body.replace(`"type":"object"`, `"__proto__":{"polluted":true},"type":"object"`))
    const schema = (taking.jobsPage(input)!.jobs[0] as any).json_schema
    expect(Object.getPrototypeOf(schema)).toBe(Object.prototype)
    expect(Object.getOwnPropertyDescriptor(schema, "__proto__")!.value).toStrictEqual({ polluted: true })
    expect(schema.polluted).toBeUndefined()
  })
})

describe("Scan.explainJobsPage / explainAllJobs: the first problem and where it is", () => {
  const pageWith = (change: Record<string, unknown>) => ({
    jobs: [documentedJob, { ...documentedJob, ...change }],
    next_cursor: null
  })
  const table: ReadonlyArray<readonly [Record<string, unknown>, ReadonlyArray<string | number>, string]> = [
    [{ job_id: 42 }, ["job_id"], "Expected string, got 42"],
    [{ status: null }, ["status"], "Expected string, got null"],
    [{ system_prompt: 1 }, ["system_prompt"], "Expected string or null, got 1"],
    [{ job_priority: 1.5 }, ["job_priority"], "Expected an integer, got 1.5"],
    [
      { datetime_created: "yesterday" },
      ["datetime_created"],
      `Expected an ISO 8601 date-time or null, got "yesterday"`
    ],
    [{ json_schema: [] }, ["json_schema"], "Expected a JSON object or null, got an array"],
    [{ json_schema: { a: [Number.NaN] } }, ["json_schema"], "Expected a JSON object or null, got an object"],
    [{ sampling_params: null }, ["sampling_params"], "Expected SamplingParams (an object), got null"],
    [{ sampling_params: { top_k: 1.5 } }, ["sampling_params", "top_k"], "Expected an integer or null, got 1.5"],
    [
      { sampling_params: { stop: ["a", 1] } },
      ["sampling_params", "stop"],
      "Expected string, an array of strings, or null, got an array"
    ],
    [{ sampling_params: { other: undefined } }, ["sampling_params", "other"], "Expected a JSON value, got undefined"],
    [{ failure_reason: {} }, ["failure_reason", "message"], "Missing key"],
    [{ failure_reason: { message: 1 } }, ["failure_reason", "message"], "Expected string, got 1"],
    [{ failure_reason: { message: "m", c: Infinity } }, ["failure_reason", "c"], "Expected a JSON value, got Infinity"],
    [{ run_type: 5 }, ["run_type"], "Expected string or null, got 5"],
    [{ job_cost: "x".repeat(201) }, ["job_cost"], "Expected a finite number or null, got a string of 201 characters"]
  ]

  it("names the job's index, the field and what was found", () => {
    for (const [change, path, message] of table) {
      expect(scanner.jobsPage(pageWith(change))).toBeUndefined()
      expect(Scan.explainJobsPage(pageWith(change))).toStrictEqual({ path: ["jobs", 1, ...path], message })
      expect(Scan.explainAllJobs({ message: "ok", jobs: pageWith(change).jobs }))
        .toStrictEqual({ path: ["jobs", 1, ...path], message })
    }
  })

  it("a missing field, a page that is not one, a bad cursor", () => {
    const { model: _, ...noModel } = documentedJob
    expect(Scan.explainJobsPage({ jobs: [noModel], next_cursor: null }))
      .toStrictEqual({ path: ["jobs", 0, "model"], message: "Missing key" })
    expect(Scan.explainJobsPage([])).toStrictEqual({ path: [], message: "Expected JobsPage (an object), got an array" })
    expect(Scan.explainJobsPage({ jobs: {}, next_cursor: null }))
      .toStrictEqual({ path: ["jobs"], message: "Expected an array of jobs, got an object" })
    expect(Scan.explainJobsPage({ jobs: [] })).toStrictEqual({ path: ["next_cursor"], message: "Missing key" })
    expect(Scan.explainJobsPage({ jobs: [], next_cursor: 3 }))
      .toStrictEqual({ path: ["next_cursor"], message: "Expected string or null, got 3" })
    expect(Scan.explainJobsPage({ jobs: [], next_cursor: "a b" })).toMatchObject({ path: ["next_cursor"] })
    expect(Scan.explainAllJobs({ jobs: [] })).toStrictEqual({ path: ["message"], message: "Missing key" })
    expect(Scan.explainAllJobs({ message: 1, jobs: [] }))
      .toStrictEqual({ path: ["message"], message: "Expected string, got 1" })
  })
})

// The explainer keeps its own table of the job's fields (the scanner's checks are unrolled on the hot path), so
// the two could drift: a body the scanner refuses would then get only "built of plain JSON values". Every field
// of a job, with each of these values in turn: the scanner refuses exactly when the explainer names that field.
describe("Scan: the scanner and the explainer agree, field by field", () => {
  const keeping = Scan.makeScanner({
    timestamp: (millis) => ({ millis }),
    status: (raw) => ({ raw }),
    keepProtoKeys: true
  })
  const values: ReadonlyArray<unknown> = [
    null,
    undefined,
    0,
    -1,
    1.5,
    Number.NaN,
    Infinity,
    "",
    "x",
    "2025-06-02T09:00:00Z",
    true,
    [],
    ["a"],
    [1],
    {},
    { message: "m" },
    { a: Number.NaN }
  ]
  const fields = [...Object.keys(documentedJob), "run_type"]
  const samplingKeys = ["temperature", "top_k", "stop", "other"]

  it("a job's fields", () => {
    for (const field of fields) {
      for (const value of values) {
        const page = { jobs: [{ ...documentedJob, [field]: value }], next_cursor: null }
        const refused = keeping.jobsPage(page) === undefined
        const problem = refused ? Scan.explainJobsPage(page) : undefined
        expect(refused ? problem!.path.slice(0, 3) : [], `${field}: ${String(value)}`).toStrictEqual(
          refused ? ["jobs", 0, field] : []
        )
      }
    }
  })

  it("sampling_params' keys", () => {
    for (const key of samplingKeys) {
      for (const value of values) {
        const page = {
          jobs: [{ ...documentedJob, sampling_params: { [key]: value } }],
          next_cursor: null
        }
        const refused = keeping.jobsPage(page) === undefined
        const problem = refused ? Scan.explainJobsPage(page) : undefined
        expect(refused ? problem!.path : [], `${key}: ${String(value)}`).toStrictEqual(
          refused ? ["jobs", 0, "sampling_params", key] : []
        )
      }
    }
  })
})

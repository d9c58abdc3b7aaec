/**
 * The fast page scanner: a hand-written decoder for the list-jobs responses, for the hot path of
 * page walks.
 *
 * Contract: for any input, each function of a scanner returns either exactly the value the line's
 * schema (`Job`, `JobsPage`, `AllJobs`) would decode (same keys, same key order, same absent optional
 * keys, fresh objects and arrays, timestamps and statuses from the line's own constructors), or
 * `undefined` ("don't know"). It never accepts an input that the schema rejects; anything unusual
 * (an array where an object is expected, a non-plain object, a `__proto__` key, an own key whose
 * value is `undefined`, ...) is `undefined`, and the caller runs the schema, which also builds the
 * error with its path. Keep it in step with the lines' `Job.ts` and `JobsPage.ts`: their property
 * tests compare both on arbitrary valid and invalid inputs.
 *
 * @since 0.1.0
 */
import * as Cursor from "./Cursor.js"
import * as Timestamp from "./Timestamp.js"

/**
 * Any JSON value (finite numbers only).
 *
 * @since 0.1.0
 * @category models
 */
export type JsonValue = null | boolean | number | string | ReadonlyArray<JsonValue> | JsonObject

/**
 * Any JSON object.
 *
 * @since 0.1.0
 * @category models
 */
export interface JsonObject {
  readonly [key: string]: JsonValue
}

/**
 * The sampling parameters of a job: the common ones typed, any other key kept as JSON.
 *
 * @since 0.1.0
 * @category models
 */
export interface SamplingParams {
  readonly temperature?: number | null
  readonly top_p?: number | null
  readonly top_k?: number | null
  readonly max_tokens?: number | null
  readonly min_tokens?: number | null
  readonly repetition_penalty?: number | null
  readonly presence_penalty?: number | null
  readonly frequency_penalty?: number | null
  readonly seed?: number | null
  readonly stop?: string | ReadonlyArray<string> | null
  readonly [key: string]: JsonValue | undefined
}

/**
 * Why a job failed: a `message`, optional `additional_context`, and any other keys kept as JSON.
 *
 * @since 0.1.0
 * @category models
 */
export interface FailureReason {
  readonly message: string
  readonly additional_context?: JsonValue
  readonly [key: string]: JsonValue | undefined
}

/**
 * A job as a scanner yields it, with the line's timestamp and status types.
 *
 * @since 0.1.0
 * @category models
 */
export interface ScannedJob<Utc, Status> {
  readonly job_id: string
  readonly status: Status
  readonly model: string
  readonly system_prompt: string | null
  readonly job_priority: number
  readonly datetime_created: Utc | null
  readonly datetime_started: Utc | null
  readonly datetime_completed: Utc | null
  readonly json_schema: JsonObject | null
  readonly sampling_params: SamplingParams
  readonly name: string | null
  readonly description: string | null
  readonly dataset_id: string | null
  readonly input_tokens: number | null
  readonly output_tokens: number | null
  readonly job_cost: number | null
  readonly num_rows: number | null
  readonly failure_reason: FailureReason | null
  readonly cost_estimate: number | null
  readonly run_type?: string | null
}

/**
 * A page as a scanner yields it.
 *
 * @since 0.1.0
 * @category models
 */
export interface ScannedPage<Utc, Status> {
  jobs: Array<ScannedJob<Utc, Status>>
  next_cursor: string | null
}

/**
 * An unpaginated response as a scanner yields it.
 *
 * @since 0.1.0
 * @category models
 */
export interface ScannedAllJobs<Utc, Status> {
  message: string
  jobs: Array<ScannedJob<Utc, Status>>
}

/**
 * The line's constructors: a timestamp from epoch milliseconds, a status from the raw text (as the
 * line's schemas decode them).
 *
 * @since 0.1.0
 * @category models
 */
export interface Make<Utc, Status> {
  readonly timestamp: (millis: number) => Utc
  readonly status: (raw: string) => Status
  /**
   * Keep a key named `__proto__` inside a JSON value (a job's `json_schema`, `sampling_params`,
   * `failure_reason`) as an own property of the copy (never its prototype), instead of giving up.
   * For a decoder that does not fall back to a schema (default `false`).
   */
  readonly keepProtoKeys?: boolean
  /**
   * The input is `JSON.parse`'s own result, which nothing else holds or changes: the JSON values in
   * a job (`json_schema`, the untyped keys of `sampling_params` and `failure_reason`) are JSON by
   * construction and are taken as they are instead of copied. Only with `keepProtoKeys` (a
   * `__proto__` key `JSON.parse` made is an own property already); default `false`.
   */
  readonly parsedInput?: boolean
}

/**
 * A scanner: each function returns the schema's value, or `undefined` when the schema must decide.
 *
 * @since 0.1.0
 * @category models
 */
export interface Scanner<Utc, Status> {
  readonly job: (u: unknown) => ScannedJob<Utc, Status> | undefined
  readonly jobsPage: (u: unknown) => ScannedPage<Utc, Status> | undefined
  readonly allJobs: (u: unknown) => ScannedAllJobs<Utc, Status> | undefined
}

/** A sentinel for "not valid", distinct from every JSON value (undefined is not one either). */
const FAIL: unique symbol = Symbol("@sutro-effect/protocol/Scan/fail")
type Fail = typeof FAIL

// The schema reads the keys of any non-array object; only the plain objects JSON.parse builds are
// taken here, so getters, proxies and class instances always go through the schema.
const isPlainObject = (u: unknown): u is { readonly [key: string]: unknown } => {
  if (typeof u !== "object" || u === null) return false
  const proto = Object.getPrototypeOf(u)
  return proto === Object.prototype || proto === null
}

const hasOwn = Object.prototype.hasOwnProperty

const isFinite = (u: unknown): u is number => typeof u === "number" && Number.isFinite(u)
const isInt = (u: unknown): u is number => Number.isSafeInteger(u)
const isNullableFinite = (u: unknown): u is number | null => u === null || isFinite(u)
const isNullableInt = (u: unknown): u is number | null => u === null || Number.isSafeInteger(u)
const isNullableString = (u: unknown): u is string | null => u === null || typeof u === "string"

// Past its first levels, a JSON value is copied with an explicit stack, not by recursion: JSON.parse
// builds values nested far deeper than the call stack allows (a 30 KB body can nest 6,000 levels),
// and one such job (`json_schema` is the user's own data) must not make its whole page undecodable.

/** From this depth on, a copy also checks each container against its ancestors (see `copy`). */
const cycleCheckDepth = 1000

/** A JSON primitive as is, or FAIL. */
const primitive = (u: unknown): JsonValue | Fail => {
  switch (typeof u) {
    case "string":
    case "boolean":
      return u
    case "number":
      return Number.isFinite(u) ? u : FAIL
    case "object":
      return u === null ? null : FAIL
    default:
      return FAIL
  }
}

/** Sets a key, a key named `__proto__` as an own property (assigning it would set the prototype). */
const put = (target: Record<string, unknown>, key: string, value: unknown): void => {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true })
  } else {
    target[key] = value
  }
}

/**
 * The keys of a plain object of JSON values, or FAIL: for-in also walks inherited enumerable keys,
 * which the schema does not read; a `__proto__` key is FAIL unless `ownProto`.
 */
const objectKeys = (u: unknown, ownProto: boolean): Array<string> | Fail => {
  if (!isPlainObject(u)) return FAIL
  const keys: Array<string> = []
  for (const key in u) {
    if (!hasOwn.call(u, key) || (key === "__proto__" && !ownProto)) return FAIL
    keys.push(key)
  }
  return keys
}

/**
 * A fresh copy of a JSON value (plain objects, arrays, finite numbers), or FAIL. A `__proto__` key
 * is FAIL unless `ownProto` (the scanner leaves those to the schema); with it, it is an own key.
 * Only a value built in code can hold a cycle; past `cycleCheckDepth` levels the containers on the
 * current path are remembered, so a cycle is FAIL instead of a stack that grows until memory runs
 * out, and shallow values pay nothing for it.
 */
const copy = (u: unknown, ownProto: boolean): JsonValue | Fail => {
  if (typeof u !== "object" || u === null) return primitive(u)
  // The open containers, one entry per level: source, copy, keys (undefined: an array), next index.
  const sources: Array<any> = []
  const outs: Array<any> = []
  const keyLists: Array<Array<string> | undefined> = []
  const next: Array<number> = []
  let ancestors: Set<unknown> | undefined
  const open = (v: object): object | Fail => {
    if (Array.isArray(v)) {
      sources.push(v)
      outs.push(new Array(v.length))
      keyLists.push(undefined)
    } else {
      const keys = objectKeys(v, ownProto)
      if (keys === FAIL) return FAIL
      sources.push(v)
      outs.push({})
      keyLists.push(keys)
    }
    next.push(0)
    return outs[outs.length - 1]
  }
  const root = open(u)
  if (root === FAIL) return FAIL
  while (sources.length > 0) {
    const top = sources.length - 1
    const source = sources[top]
    const keys = keyLists[top]
    const i = next[top]
    if (i === (keys === undefined ? source.length : keys.length)) {
      if (top >= cycleCheckDepth) ancestors!.delete(source)
      sources.pop()
      outs.pop()
      keyLists.pop()
      next.pop()
      continue
    }
    next[top] = i + 1
    const key = keys === undefined ? i : keys[i]
    const v = source[key]
    let value: unknown
    if (typeof v !== "object" || v === null) {
      value = primitive(v)
      if (value === FAIL) return FAIL
    } else {
      if (sources.length >= cycleCheckDepth) {
        if (ancestors === undefined) ancestors = new Set()
        if (ancestors.has(v)) return FAIL
        ancestors.add(v)
      }
      value = open(v)
      if (value === FAIL) return FAIL
    }
    if (keys === undefined) outs[top][i] = value
    else put(outs[top], key as string, value)
  }
  return root as JsonValue
}

// The usual value is a few levels deep, and recursion copies it about three times faster than the
// explicit stack: the scanner recurses for the first `recursionDepth` levels and hands anything
// deeper to `copy`, so its own stack use stays bounded.
const recursionDepth = 100

/** `JsonValue`: a fresh copy of a JSON value, or FAIL. */
const jsonValue = (u: unknown, depth: number, ownProto: boolean): JsonValue | Fail => {
  if (typeof u !== "object" || u === null) return primitive(u)
  if (depth >= recursionDepth) return copy(u, ownProto)
  if (Array.isArray(u)) {
    const out: Array<JsonValue> = new Array(u.length)
    for (let i = 0; i < u.length; i++) {
      const v = jsonValue(u[i], depth + 1, ownProto)
      if (v === FAIL) return FAIL
      out[i] = v
    }
    return out
  }
  return jsonObject(u, depth, ownProto)
}

/** `JsonObject`: a fresh copy of a plain object of JSON values, or FAIL. */
const jsonObject = (u: unknown, depth: number, ownProto: boolean): JsonObject | Fail => {
  if (!isPlainObject(u)) return FAIL
  if (depth >= recursionDepth) return copy(u, ownProto) as JsonObject | Fail
  const out: Record<string, JsonValue> = {}
  for (const key in u) {
    // for-in also walks inherited enumerable keys; the schema reads own keys only.
    if (!hasOwn.call(u, key)) return FAIL
    const v = jsonValue(u[key], depth + 1, ownProto)
    if (v === FAIL) return FAIL
    if (key !== "__proto__") out[key] = v
    else if (ownProto) put(out, key, v)
    else return FAIL
  }
  return out
}

/** `SamplingParams`: the typed keys in declaration order, then the other keys in input order. */
const samplingParams = (
  u: unknown,
  ownProto: boolean,
  value: (u: unknown) => JsonValue | Fail
): SamplingParams | Fail => {
  if (!isPlainObject(u)) return FAIL
  let temperature: unknown = FAIL
  let top_p: unknown = FAIL
  let top_k: unknown = FAIL
  let max_tokens: unknown = FAIL
  let min_tokens: unknown = FAIL
  let repetition_penalty: unknown = FAIL
  let presence_penalty: unknown = FAIL
  let frequency_penalty: unknown = FAIL
  let seed: unknown = FAIL
  let stop: unknown = FAIL
  let extra: Array<string> | undefined
  let extraValues: Array<JsonValue> | undefined
  for (const key in u) {
    if (!hasOwn.call(u, key)) return FAIL
    const v = u[key]
    // A typed key must pass both its own schema and the index signature's JsonValue; every typed
    // schema here only accepts JSON values, so its own check is enough.
    switch (key) {
      case "temperature":
        if (!isNullableFinite(v)) return FAIL
        temperature = v
        break
      case "top_p":
        if (!isNullableFinite(v)) return FAIL
        top_p = v
        break
      case "top_k":
        if (!isNullableInt(v)) return FAIL
        top_k = v
        break
      case "max_tokens":
        if (!isNullableInt(v)) return FAIL
        max_tokens = v
        break
      case "min_tokens":
        if (!isNullableInt(v)) return FAIL
        min_tokens = v
        break
      case "repetition_penalty":
        if (!isNullableFinite(v)) return FAIL
        repetition_penalty = v
        break
      case "presence_penalty":
        if (!isNullableFinite(v)) return FAIL
        presence_penalty = v
        break
      case "frequency_penalty":
        if (!isNullableFinite(v)) return FAIL
        frequency_penalty = v
        break
      case "seed":
        if (!isNullableInt(v)) return FAIL
        seed = v
        break
      case "stop": {
        if (v === null || typeof v === "string") {
          stop = v
        } else if (Array.isArray(v)) {
          for (let i = 0; i < v.length; i++) if (typeof v[i] !== "string") return FAIL
          stop = v.slice()
        } else {
          return FAIL
        }
        break
      }
      default: {
        if (key === "__proto__" && !ownProto) return FAIL
        const dv = value(v)
        if (dv === FAIL) return FAIL
        if (extra === undefined) {
          extra = [key]
          extraValues = [dv]
        } else {
          extra.push(key)
          extraValues!.push(dv)
        }
      }
    }
  }
  const out: Record<string, unknown> = {}
  if (temperature !== FAIL) out.temperature = temperature
  if (top_p !== FAIL) out.top_p = top_p
  if (top_k !== FAIL) out.top_k = top_k
  if (max_tokens !== FAIL) out.max_tokens = max_tokens
  if (min_tokens !== FAIL) out.min_tokens = min_tokens
  if (repetition_penalty !== FAIL) out.repetition_penalty = repetition_penalty
  if (presence_penalty !== FAIL) out.presence_penalty = presence_penalty
  if (frequency_penalty !== FAIL) out.frequency_penalty = frequency_penalty
  if (seed !== FAIL) out.seed = seed
  if (stop !== FAIL) out.stop = stop
  if (extra !== undefined) { for (let i = 0; i < extra.length; i++) put(out, extra[i], extraValues![i]) }
  return out as SamplingParams
}

/** `FailureReason`: `message`, then `additional_context` when present, then the other keys. */
const failureReason = (
  u: unknown,
  ownProto: boolean,
  value: (u: unknown) => JsonValue | Fail
): FailureReason | null | Fail => {
  if (u === null) return null
  if (!isPlainObject(u)) return FAIL
  let message: unknown = FAIL
  let context: JsonValue | Fail = FAIL
  let extra: Array<string> | undefined
  let extraValues: Array<JsonValue> | undefined
  for (const key in u) {
    if (!hasOwn.call(u, key) || (key === "__proto__" && !ownProto)) return FAIL
    const v = u[key]
    if (key === "message") {
      if (typeof v !== "string") return FAIL
      message = v
    } else {
      const dv = value(v)
      if (dv === FAIL) return FAIL
      if (key === "additional_context") {
        context = dv
      } else if (extra === undefined) {
        extra = [key]
        extraValues = [dv]
      } else {
        extra.push(key)
        extraValues!.push(dv)
      }
    }
  }
  if (message === FAIL) return FAIL
  const out: Record<string, unknown> = { message }
  if (context !== FAIL) out.additional_context = context
  if (extra !== undefined) { for (let i = 0; i < extra.length; i++) put(out, extra[i], extraValues![i]) }
  return out as FailureReason
}

/** `NextCursor`: null and "" are null; anything the server's cursor rule rejects is FAIL. */
const nextCursor = (u: unknown): string | null | Fail => {
  if (u === null || u === "") return null
  if (typeof u !== "string" || Cursor.problem(u, Infinity) !== undefined) return FAIL
  return u
}

/**
 * A scanner building its timestamps and statuses with the line's constructors.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeScanner = <Utc, Status>(make: Make<Utc, Status>): Scanner<Utc, Status> => {
  const makeTimestamp = make.timestamp
  const makeStatus = make.status
  const ownProto = make.keepProtoKeys === true
  const parsed = ownProto && make.parsedInput === true
  // A JSON value of a job, copied (and checked) unless JSON.parse built it for this scanner alone.
  const value = (u: unknown): JsonValue | Fail => parsed ? u as JsonValue : jsonValue(u, 0, ownProto)
  const object = (u: unknown): JsonObject | Fail =>
    parsed ? (isPlainObject(u) ? u as JsonObject : FAIL) : jsonObject(u, 0, ownProto)

  /** `NullOr(Timestamp)`. */
  const timestamp = (u: unknown): Utc | null | Fail => {
    if (u === null) return null
    if (typeof u !== "string") return FAIL
    const millis = Timestamp.parseMillis(u)
    return millis === undefined ? FAIL : makeTimestamp(millis)
  }

  const job = (u: unknown): ScannedJob<Utc, Status> | undefined => {
    if (!isPlainObject(u)) return undefined
    // Required keys are read like the schema reads them (`input[name]`); none of their names exists
    // on Object.prototype, so a missing key reads as undefined and fails its check.
    const job_id = u.job_id
    if (typeof job_id !== "string") return undefined
    const rawStatus = u.status
    if (typeof rawStatus !== "string") return undefined
    const model = u.model
    if (typeof model !== "string") return undefined
    const system_prompt = u.system_prompt
    if (!isNullableString(system_prompt)) return undefined
    const job_priority = u.job_priority
    if (!isInt(job_priority)) return undefined
    const datetime_created = timestamp(u.datetime_created)
    if (datetime_created === FAIL) return undefined
    const datetime_started = timestamp(u.datetime_started)
    if (datetime_started === FAIL) return undefined
    const datetime_completed = timestamp(u.datetime_completed)
    if (datetime_completed === FAIL) return undefined
    const rawSchema = u.json_schema
    const json_schema = rawSchema === null ? null : object(rawSchema)
    if (json_schema === FAIL) return undefined
    const sampling_params = samplingParams(u.sampling_params, ownProto, value)
    if (sampling_params === FAIL) return undefined
    const name = u.name
    if (!isNullableString(name)) return undefined
    const description = u.description
    if (!isNullableString(description)) return undefined
    const dataset_id = u.dataset_id
    if (!isNullableString(dataset_id)) return undefined
    const input_tokens = u.input_tokens
    if (!isNullableInt(input_tokens)) return undefined
    const output_tokens = u.output_tokens
    if (!isNullableInt(output_tokens)) return undefined
    const job_cost = u.job_cost
    if (!isNullableFinite(job_cost)) return undefined
    const num_rows = u.num_rows
    if (!isNullableInt(num_rows)) return undefined
    const failure_reason = failureReason(u.failure_reason, ownProto, value)
    if (failure_reason === FAIL) return undefined
    const cost_estimate = u.cost_estimate
    if (!isNullableFinite(cost_estimate)) return undefined
    const out: {
      -readonly [K in keyof ScannedJob<Utc, Status>]: ScannedJob<Utc, Status>[K]
    } = {
      job_id,
      status: makeStatus(rawStatus),
      model,
      system_prompt,
      job_priority,
      datetime_created,
      datetime_started,
      datetime_completed,
      json_schema,
      sampling_params,
      name,
      description,
      dataset_id,
      input_tokens,
      output_tokens,
      job_cost,
      num_rows,
      failure_reason,
      cost_estimate
    }
    if (hasOwn.call(u, "run_type")) {
      const run_type = u.run_type
      if (!isNullableString(run_type)) return undefined
      out.run_type = run_type
    }
    return out
  }

  const jobs = (u: unknown): Array<ScannedJob<Utc, Status>> | undefined => {
    if (!Array.isArray(u)) return undefined
    const out: Array<ScannedJob<Utc, Status>> = new Array(u.length)
    for (let i = 0; i < u.length; i++) {
      const decoded = job(u[i])
      if (decoded === undefined) return undefined
      out[i] = decoded
    }
    return out
  }

  const jobsPage = (u: unknown): ScannedPage<Utc, Status> | undefined => {
    if (!isPlainObject(u)) return undefined
    const decodedJobs = jobs(u.jobs)
    if (decodedJobs === undefined) return undefined
    const next_cursor = nextCursor(u.next_cursor)
    if (next_cursor === FAIL) return undefined
    return { jobs: decodedJobs, next_cursor }
  }

  const allJobs = (u: unknown): ScannedAllJobs<Utc, Status> | undefined => {
    if (!isPlainObject(u)) return undefined
    const message = u.message
    if (typeof message !== "string") return undefined
    const decodedJobs = jobs(u.jobs)
    if (decodedJobs === undefined) return undefined
    return { message, jobs: decodedJobs }
  }

  return { job, jobsPage, allJobs }
}

/**
 * A fresh copy of a JSON value (finite numbers, plain objects, arrays), at any depth: the copy uses
 * no recursion. A key named `__proto__` is kept as an own key. `undefined` for anything else (a
 * non-finite number, a class instance, a cycle, ...).
 *
 * @since 0.1.0
 * @category decoding
 */
export const json = (u: unknown): JsonValue | undefined => {
  const out = copy(u, true)
  return out === FAIL ? undefined : out
}

/**
 * How deep a response body may nest before the lines' schema fallback gives it to a schema: the
 * JSON value schemas recurse, a few stack frames per level, and overflow the stack (a `RangeError`,
 * not a typed error) a few thousand levels down; formatting an error recurses too. The fields of a
 * job end 4 levels down, so only the inside of a JSON value (`json_schema`, a sampling parameter, a
 * failure reason's context) is ever deeper.
 *
 * @since 0.1.0
 * @category decoding
 */
export const schemaDepth = 64

/**
 * A value taken out of an input by {@link hideDeep}: where it was, and the value.
 *
 * @since 0.1.0
 * @category models
 */
export interface Deep {
  readonly path: ReadonlyArray<string | number>
  readonly value: unknown
}

/**
 * An input with its deep values taken out (see {@link hideDeep}).
 *
 * @since 0.1.0
 * @category models
 */
export interface Hidden {
  /** The input with each deep value replaced by `{}` (a fresh one each). */
  readonly input: unknown
  /** What was replaced, in input order. */
  readonly deep: ReadonlyArray<Deep>
}

const isContainer = (u: unknown): u is { readonly [key: string]: unknown } => Array.isArray(u) || isPlainObject(u)

/**
 * The input with every array or plain object found `depth` levels down (through arrays and plain
 * objects) replaced by `{}`, or `undefined` when nothing is that deep (give the schema the input
 * itself). Only the containers above a replaced value are copied; the input is not changed. A
 * schema then decodes the shallow input without overflowing, and {@link restoreDeep} puts the deep
 * values back into what it decoded. `{}` decodes wherever a JSON value may be, and fails wherever an
 * array or object never could, as the value it replaces would.
 *
 * @since 0.1.0
 * @category decoding
 */
export const hideDeep = (input: unknown, depth: number): Hidden | undefined => {
  if (!isContainer(input)) return undefined
  const found: Array<Deep> = []
  // Iterative, like `copy`; a cycle ends `depth` levels down like any other deep value.
  const path: Array<string | number> = []
  const sources: Array<{ readonly [key: string]: unknown }> = [input]
  const keyLists: Array<Array<string> | undefined> = [Array.isArray(input) ? undefined : Object.keys(input)]
  const next: Array<number> = [0]
  while (sources.length > 0) {
    const top = sources.length - 1
    const source = sources[top]
    const keys = keyLists[top]
    const i = next[top]
    if (i === (keys === undefined ? (source as unknown as ReadonlyArray<unknown>).length : keys.length)) {
      sources.pop()
      keyLists.pop()
      next.pop()
      path.pop()
      continue
    }
    next[top] = i + 1
    const key = keys === undefined ? i : keys[i]
    const v = source[key]
    if (!isContainer(v)) continue
    if (sources.length >= depth) {
      found.push({ path: [...path, key], value: v })
      continue
    }
    path.push(key)
    sources.push(v)
    keyLists.push(Array.isArray(v) ? undefined : Object.keys(v))
    next.push(0)
  }
  if (found.length === 0) return undefined
  const copies = new Set<unknown>()
  const shallowCopy = (u: { readonly [key: string]: unknown }): Record<string, unknown> => {
    const out = Array.isArray(u) ? u.slice() : { ...u }
    copies.add(out)
    return out as Record<string, unknown>
  }
  const root = shallowCopy(input)
  for (const { path } of found) {
    let target = root
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i] as string
      let child = target[key] as Record<string, unknown>
      if (!copies.has(child)) {
        child = shallowCopy(child)
        put(target, key, child)
      }
      target = child
    }
    put(target, path[path.length - 1] as string, {})
  }
  return { input: root, deep: found }
}

/**
 * Puts the values {@link hideDeep} took out back into `output`, what a schema decoded from the
 * shallow input (changed in place), each as a fresh copy ({@link json}). The first deep value that
 * is not plain JSON (or has no place in `output`) is returned, and the caller fails with it.
 *
 * @since 0.1.0
 * @category decoding
 */
export const restoreDeep = (output: unknown, deep: ReadonlyArray<Deep>): Deep | undefined => {
  for (const entry of deep) {
    const { path } = entry
    let target: unknown = output
    for (let i = 0; i < path.length; i++) {
      if (!isContainer(target) || !hasOwn.call(target, path[i])) return entry
      if (i < path.length - 1) target = target[path[i]]
    }
    const value = copy(entry.value, true)
    if (value === FAIL) return entry
    put(target as Record<string, unknown>, path[path.length - 1] as string, value)
  }
  return undefined
}

/**
 * Where a path of a body is, for an error: the path up to the field of the job it is in (the
 * innermost object on the way with a string `job_id`), and words naming them (`the json_schema of
 * job "abc"`); the whole path when no job holds it.
 *
 * @since 0.1.0
 * @category decoding
 */
export const locate = (
  input: unknown,
  path: ReadonlyArray<string | number>
): { readonly path: ReadonlyArray<string | number>; readonly label: string } => {
  let target: unknown = input
  let job: { readonly id: string; readonly at: number } | undefined
  for (let i = 0; i < path.length - 1; i++) {
    if (!isContainer(target)) break
    target = target[path[i]]
    const id = isContainer(target) && !Array.isArray(target) && hasOwn.call(target, "job_id")
      ? target.job_id
      : undefined
    if (typeof id === "string") job = { id, at: i + 1 }
  }
  if (job === undefined) return { path, label: `the value at ${path.slice(0, schemaDepth).join(".")}` }
  return { path: path.slice(0, job.at + 1), label: `the ${path[job.at]} of job ${JSON.stringify(job.id)}` }
}

/**
 * The first problem of a body a scanner gave up on: where it is (`["jobs", 1, "job_id"]`) and what
 * was expected there (`Expected string`).
 *
 * @since 0.1.0
 * @category models
 */
export interface Problem {
  readonly path: ReadonlyArray<string | number>
  readonly message: string
}

type Check = (u: unknown) => boolean

const isNullableTimestamp: Check = (u) =>
  u === null || (typeof u === "string" && Timestamp.parseMillis(u) !== undefined)
const isNullableJsonObject: Check = (u) => u === null || (isPlainObject(u) && copy(u, true) !== FAIL)

/** The fields of a job in the schema's order, each with its check and what it expects. */
const jobFields: ReadonlyArray<readonly [string, Check, string]> = [
  ["job_id", (u) => typeof u === "string", "Expected string"],
  ["status", (u) => typeof u === "string", "Expected string"],
  ["model", (u) => typeof u === "string", "Expected string"],
  ["system_prompt", isNullableString, "Expected string or null"],
  ["job_priority", isInt, "Expected an integer"],
  ["datetime_created", isNullableTimestamp, "Expected an ISO 8601 date-time or null"],
  ["datetime_started", isNullableTimestamp, "Expected an ISO 8601 date-time or null"],
  ["datetime_completed", isNullableTimestamp, "Expected an ISO 8601 date-time or null"],
  ["json_schema", isNullableJsonObject, "Expected a JSON object or null"],
  ["sampling_params", isPlainObject, "Expected SamplingParams (an object)"],
  ["name", isNullableString, "Expected string or null"],
  ["description", isNullableString, "Expected string or null"],
  ["dataset_id", isNullableString, "Expected string or null"],
  ["input_tokens", isNullableInt, "Expected an integer or null"],
  ["output_tokens", isNullableInt, "Expected an integer or null"],
  ["job_cost", isNullableFinite, "Expected a finite number or null"],
  ["num_rows", isNullableInt, "Expected an integer or null"],
  ["failure_reason", (u) => u === null || isPlainObject(u), "Expected FailureReason (an object) or null"],
  ["cost_estimate", isNullableFinite, "Expected a finite number or null"]
]

const samplingFields: { readonly [key: string]: readonly [Check, string] } = {
  temperature: [isNullableFinite, "Expected a finite number or null"],
  top_p: [isNullableFinite, "Expected a finite number or null"],
  top_k: [isNullableInt, "Expected an integer or null"],
  max_tokens: [isNullableInt, "Expected an integer or null"],
  min_tokens: [isNullableInt, "Expected an integer or null"],
  repetition_penalty: [isNullableFinite, "Expected a finite number or null"],
  presence_penalty: [isNullableFinite, "Expected a finite number or null"],
  frequency_penalty: [isNullableFinite, "Expected a finite number or null"],
  seed: [isNullableInt, "Expected an integer or null"],
  stop: [
    (u) => u === null || typeof u === "string" || (Array.isArray(u) && u.every((s) => typeof s === "string")),
    "Expected string, an array of strings, or null"
  ]
}

const notJson = "Expected a JSON value"

/**
 * What was found instead, for a message: a short string or a primitive in full (a client scrubs
 * secrets from the whole message afterwards, so a string is never cut, where a cut could leave part
 * of a secret that no longer matches), a long string by its length only, a container by its kind.
 */
const shown = (u: unknown): string => {
  if (typeof u === "string") return u.length <= 200 ? JSON.stringify(u) : `a string of ${u.length} characters`
  if (u === null || typeof u === "number" || typeof u === "boolean") return String(u)
  if (Array.isArray(u)) return "an array"
  return typeof u === "object" ? "an object" : typeof u
}

const mismatch = (path: ReadonlyArray<string | number>, expected: string, actual: unknown): Problem => ({
  path,
  message: `${expected}, got ${shown(actual)}`
})

/** The first problem of a job, or undefined. */
const jobProblem = (u: unknown, at: ReadonlyArray<string | number>): Problem | undefined => {
  if (!isPlainObject(u)) return mismatch(at, "Expected Job (an object)", u)
  for (const [key, check, message] of jobFields) {
    if (!hasOwn.call(u, key)) return { path: [...at, key], message: "Missing key" }
    if (!check(u[key])) return mismatch([...at, key], message, u[key])
  }
  if (hasOwn.call(u, "run_type") && !isNullableString(u.run_type)) {
    return mismatch([...at, "run_type"], "Expected string or null", u.run_type)
  }
  const sampling = u.sampling_params as { readonly [key: string]: unknown }
  for (const key of Object.keys(sampling)) {
    const v = sampling[key]
    const typed = hasOwn.call(samplingFields, key) ? samplingFields[key] : undefined
    if (typed !== undefined ? !typed[0](v) : copy(v, true) === FAIL) {
      return mismatch([...at, "sampling_params", key], typed?.[1] ?? notJson, v)
    }
  }
  const failure = u.failure_reason
  if (isPlainObject(failure)) {
    if (typeof failure.message !== "string") {
      return hasOwn.call(failure, "message")
        ? mismatch([...at, "failure_reason", "message"], "Expected string", failure.message)
        : { path: [...at, "failure_reason", "message"], message: "Missing key" }
    }
    for (const key of Object.keys(failure)) {
      if (copy(failure[key], true) === FAIL) return mismatch([...at, "failure_reason", key], notJson, failure[key])
    }
  }
  return undefined
}

const jobsProblem = (u: { readonly [key: string]: unknown }): Problem | undefined => {
  const jobs = u.jobs
  if (!hasOwn.call(u, "jobs")) return { path: ["jobs"], message: "Missing key" }
  if (!Array.isArray(jobs)) return mismatch(["jobs"], "Expected an array of jobs", jobs)
  for (let i = 0; i < jobs.length; i++) {
    const problem = jobProblem(jobs[i], ["jobs", i])
    if (problem !== undefined) return problem
  }
  return undefined
}

/** What a caller gets when no rule names a problem (an input JSON.parse cannot build). */
const unexplained = (what: string): Problem => ({ path: [], message: `Expected ${what} built of plain JSON values` })

/**
 * Why a body is not a page of the paginated list-jobs response: the first problem found, in the
 * order the schema reads the fields, for a body a scanner (with `keepProtoKeys`) gave up on.
 *
 * @since 0.1.0
 * @category decoding
 */
export const explainJobsPage = (u: unknown): Problem => {
  if (!isPlainObject(u)) return mismatch([], "Expected JobsPage (an object)", u)
  const problem = jobsProblem(u)
  if (problem !== undefined) return problem
  const cursor = u.next_cursor
  if (!hasOwn.call(u, "next_cursor")) return { path: ["next_cursor"], message: "Missing key" }
  if (cursor !== null && typeof cursor !== "string") return mismatch(["next_cursor"], "Expected string or null", cursor)
  if (typeof cursor === "string" && cursor !== "") {
    const why = Cursor.problem(cursor, Infinity)
    if (why !== undefined) return { path: ["next_cursor"], message: why }
  }
  return unexplained("JobsPage")
}

/**
 * Why a body is not the unpaginated list-jobs response (see {@link explainJobsPage}).
 *
 * @since 0.1.0
 * @category decoding
 */
export const explainAllJobs = (u: unknown): Problem => {
  if (!isPlainObject(u)) return mismatch([], "Expected AllJobs (an object)", u)
  if (!hasOwn.call(u, "message")) return { path: ["message"], message: "Missing key" }
  if (typeof u.message !== "string") return mismatch(["message"], "Expected string", u.message)
  return jobsProblem(u) ?? unexplained("AllJobs")
}

/**
 * The two response shapes of the list-jobs endpoint.
 *
 * @since 0.1.0
 */
import * as Scan from "@sutro-effect/protocol/Scan"
import * as Schema from "effect/Schema"
import type { Cursor } from "./Cursor.js"
import { FromServer } from "./Cursor.js"
import {
  annotate,
  asCodec,
  decodeUnknownResult,
  failAt,
  isFailure,
  type Result,
  type SchemaError,
  succeed,
  successOf,
  transform
} from "./internal/compat.js"
import * as scan from "./internal/scan.js"
import { Job } from "./Job.js"
import { JsonValue } from "./Json.js"

/**
 * The `next_cursor` of a page: a cursor (any length: the response size cap bounds it), or `null`
 * after the last page. An empty string
 * also means "no more pages" (the official examples stop on any falsy cursor) and decodes as `null`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const NextCursor = asCodec<Cursor | null, string | null>(
  transform(Schema.NullOr(Schema.String), Schema.NullOr(FromServer), {
    decode: (s: string | null) => s === "" ? null : s,
    encode: (s: string | null) => s
  }).pipe(annotate({ identifier: "NextCursor" }))
)

/**
 * A page of the paginated response (`limit` given).
 *
 * @since 0.1.0
 * @category schemas
 */
export const JobsPage = Schema.Struct({
  jobs: Schema.Array(Job),
  next_cursor: NextCursor
}).pipe(annotate({ identifier: "JobsPage" }))

/**
 * @since 0.1.0
 * @category models
 */
export interface JobsPage extends Schema.Schema.Type<typeof JobsPage> {}

type JobsPageWire = typeof JobsPage.Encoded

/**
 * @since 0.1.0
 * @category models
 */
export interface JobsPageEncoded extends JobsPageWire {}

/**
 * The unpaginated response (no `limit`): every job of the account.
 *
 * @since 0.1.0
 * @category schemas
 */
export const AllJobs = Schema.Struct({
  message: Schema.String,
  jobs: Schema.Array(Job)
}).pipe(annotate({ identifier: "AllJobs" }))

/**
 * @since 0.1.0
 * @category models
 */
export interface AllJobs extends Schema.Schema.Type<typeof AllJobs> {}

type AllJobsWire = typeof AllJobs.Encoded

/**
 * @since 0.1.0
 * @category models
 */
export interface AllJobsEncoded extends AllJobsWire {}

/**
 * The schema decoding, kept from overflowing the stack: the JSON value schemas recurse, so an input
 * holding a value nested thousands of levels deep (a job's `json_schema` is the user's own data)
 * would throw a `RangeError` instead of failing. The schema gets the input with such values taken
 * out (each replaced by `{}`); they are put back, copied without recursion, into what it decoded.
 */
const withoutDeepValues = <A>(
  decode: (input: unknown) => Result<A, SchemaError>
) =>
(input: unknown): Result<A, SchemaError> => {
  const hidden = Scan.hideDeep(input, Scan.schemaDepth)
  if (hidden === undefined) return decode(input)
  const decoded = decode(hidden.input)
  if (isFailure(decoded)) return decoded
  const bad = Scan.restoreDeep(successOf(decoded), hidden.deep)
  if (bad === undefined) return decoded
  const { label, path } = Scan.locate(input, bad.path)
  const message = `${label} holds a value nested more than ${Scan.schemaDepth} levels deep that is not plain JSON`
  // A hidden value's path, and so the located one, is never empty.
  return failAt(path, input, JsonValue, bad.value, message)
}

/**
 * The fast decoder's value, or the schema's answer when it gives `undefined`. Typed as `schema`, whose
 * type is the line's own (`Result`/`SchemaError` on Effect 4, `Either`/`ParseError` on Effect 3).
 */
const fastOrSchema = <A, D extends (input: unknown) => Result<A, SchemaError>>(
  fast: (input: unknown) => A | undefined,
  schema: D
): D => {
  const slow = withoutDeepValues(schema)
  return ((input: unknown) => {
    const value = fast(input)
    return value === undefined ? slow(input) : succeed(value)
  }) as D
}

/**
 * Decodes a response body (parsed JSON) as a {@link JobsPage}: the same result as
 * `Schema.decodeUnknownResult(JobsPage)` (Effect 3: `Schema.decodeUnknownEither(JobsPage)`), several
 * times faster. A hand-written decoder handles the bodies the service sends; anything it is not sure
 * about (an invalid value, an unusual object) goes through the schema, so the value, and the
 * `SchemaError` (Effect 3: `ParseError`) with its path, are the schema's.
 * Unlike the schema, it decodes JSON values at any depth: the hand-written decoder copies them
 * without recursion, and the schema is only given what lies less than `Scan.schemaDepth` (64)
 * levels down (deeper values are copied the same way, and a deep value that is not plain JSON is
 * a schema error naming the job and the field).
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodePage = fastOrSchema(scan.jobsPage, decodeUnknownResult<JobsPage, JobsPageEncoded>(JobsPage))

/**
 * Decodes a response body (parsed JSON) as {@link AllJobs}: the same result as
 * `Schema.decodeUnknownResult(AllJobs)` (Effect 3: `Schema.decodeUnknownEither(AllJobs)`), several
 * times faster, and at any depth (see {@link decodePage}).
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeAllJobs = fastOrSchema(scan.allJobs, decodeUnknownResult<AllJobs, AllJobsEncoded>(AllJobs))
// @generated by scripts/one-source.mjs from packages/effect4/core/src/JobsPage.ts: edit that file, then run `pnpm one-source`

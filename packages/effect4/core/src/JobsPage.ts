/**
 * The two response shapes of the list-jobs endpoint.
 *
 * @since 1.0.0
 */
import * as Scan from "@sutro-effect/protocol/Scan"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"
import * as SchemaTransformation from "effect/SchemaTransformation"
import type { Cursor } from "./Cursor.js"
import { FromServer } from "./Cursor.js"
import * as scan from "./internal/scan.js"
import { Job } from "./Job.js"

/**
 * The `next_cursor` of a page: a cursor (any length: the response size cap bounds it), or `null`
 * after the last page. An empty string
 * also means "no more pages" (the official examples stop on any falsy cursor) and decodes as `null`.
 *
 * @since 1.0.0
 * @category schemas
 */
export const NextCursor: Schema.Codec<Cursor | null, string | null> = Schema.NullOr(Schema.String).pipe(
  Schema.decodeTo(
    Schema.NullOr(FromServer),
    SchemaTransformation.transform({
      decode: (s: string | null) => s === "" ? null : s,
      encode: (s: string | null) => s
    })
  )
).annotate({ identifier: "NextCursor" })

/**
 * A page of the paginated response (`limit` given).
 *
 * @since 1.0.0
 * @category schemas
 */
export const JobsPage = Schema.Struct({
  jobs: Schema.Array(Job),
  next_cursor: NextCursor
}).annotate({ identifier: "JobsPage" })

/**
 * @since 1.0.0
 * @category models
 */
export interface JobsPage extends Schema.Schema.Type<typeof JobsPage> {}

/**
 * @since 1.0.0
 * @category models
 */
export interface JobsPageEncoded extends Schema.Codec.Encoded<typeof JobsPage> {}

/**
 * The unpaginated response (no `limit`): every job of the account.
 *
 * @since 1.0.0
 * @category schemas
 */
export const AllJobs = Schema.Struct({
  message: Schema.String,
  jobs: Schema.Array(Job)
}).annotate({ identifier: "AllJobs" })

/**
 * @since 1.0.0
 * @category models
 */
export interface AllJobs extends Schema.Schema.Type<typeof AllJobs> {}

/**
 * @since 1.0.0
 * @category models
 */
export interface AllJobsEncoded extends Schema.Codec.Encoded<typeof AllJobs> {}

/**
 * The schema decoding, kept from overflowing the stack: the JSON value schemas recurse, so an input
 * holding a value nested thousands of levels deep (a job's `json_schema` is the user's own data)
 * would throw a `RangeError` instead of failing. The schema gets the input with such values taken
 * out (each replaced by `{}`); they are put back, copied without recursion, into what it decoded.
 */
const withoutDeepValues = <A>(
  decode: (input: unknown) => Result.Result<A, Schema.SchemaError>
) =>
(input: unknown): Result.Result<A, Schema.SchemaError> => {
  const hidden = Scan.hideDeep(input, Scan.schemaDepth)
  if (hidden === undefined) return decode(input)
  const decoded = decode(hidden.input)
  if (Result.isFailure(decoded)) return decoded
  const bad = Scan.restoreDeep(decoded.success, hidden.deep)
  if (bad === undefined) return decoded
  const { label, path } = Scan.locate(input, bad.path)
  const message = `${label} holds a value nested more than ${Scan.schemaDepth} levels deep that is not plain JSON`
  return Result.fail(new Schema.SchemaError(new SchemaIssue.Pointer(path, new SchemaIssue.InvalidValue({ message }))))
}

const decodePageSchema = withoutDeepValues(Schema.decodeUnknownResult(JobsPage))
const decodeAllJobsSchema = withoutDeepValues(Schema.decodeUnknownResult(AllJobs))

/**
 * Decodes a response body (parsed JSON) as a {@link JobsPage}: the same result as
 * `Schema.decodeUnknownResult(JobsPage)`, several times faster. A hand-written decoder handles the
 * bodies the service sends; anything it is not sure about (an invalid value, an unusual object)
 * goes through the schema, so the value, and the `SchemaError` with its path, are the schema's.
 * Unlike the schema, it decodes JSON values at any depth: the hand-written decoder copies them
 * without recursion, and the schema is only given what lies less than `Scan.schemaDepth` (64)
 * levels down (deeper values are copied the same way, and a deep value that is not plain JSON is
 * a `SchemaError` naming the job and the field).
 *
 * @since 1.0.0
 * @category decoding
 */
export const decodePage = (input: unknown): Result.Result<JobsPage, Schema.SchemaError> => {
  const fast = scan.jobsPage(input)
  return fast === undefined ? decodePageSchema(input) : Result.succeed(fast)
}

/**
 * Decodes a response body (parsed JSON) as {@link AllJobs}: the same result as
 * `Schema.decodeUnknownResult(AllJobs)`, several times faster, and at any depth (see
 * {@link decodePage}).
 *
 * @since 1.0.0
 * @category decoding
 */
export const decodeAllJobs = (input: unknown): Result.Result<AllJobs, Schema.SchemaError> => {
  const fast = scan.allJobs(input)
  return fast === undefined ? decodeAllJobsSchema(input) : Result.succeed(fast)
}

/**
 * The two response shapes of the list-jobs endpoint.
 *
 * @since 0.1.0
 */
import * as Scan from "@sutro-effect/protocol/Scan"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { Cursor } from "./Cursor.js"
import { FromServer } from "./Cursor.js"
import * as scanner from "./internal/scanner.js"
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
export const NextCursor: Schema.Schema<Cursor | null, string | null> = Schema.transform(
  Schema.NullOr(Schema.String),
  Schema.NullOr(FromServer),
  { strict: false, decode: (s) => s === "" ? null : s, encode: (s) => s }
).annotations({ identifier: "NextCursor" })

/**
 * A page of the paginated response (`limit` given).
 *
 * @since 0.1.0
 * @category schemas
 */
export const JobsPage = Schema.Struct({
  jobs: Schema.Array(Job),
  next_cursor: NextCursor
}).annotations({ identifier: "JobsPage" })

/**
 * @since 0.1.0
 * @category models
 */
export interface JobsPage extends Schema.Schema.Type<typeof JobsPage> {}

/**
 * @since 0.1.0
 * @category models
 */
export interface JobsPageEncoded extends Schema.Schema.Encoded<typeof JobsPage> {}

/**
 * The unpaginated response (no `limit`): every job of the account.
 *
 * @since 0.1.0
 * @category schemas
 */
export const AllJobs = Schema.Struct({
  message: Schema.String,
  jobs: Schema.Array(Job)
}).annotations({ identifier: "AllJobs" })

/**
 * @since 0.1.0
 * @category models
 */
export interface AllJobs extends Schema.Schema.Type<typeof AllJobs> {}

/**
 * @since 0.1.0
 * @category models
 */
export interface AllJobsEncoded extends Schema.Schema.Encoded<typeof AllJobs> {}

/**
 * The schema decoding, kept from overflowing the stack: the JSON value schemas recurse, so an input
 * holding a value nested thousands of levels deep (a job's `json_schema` is the user's own data)
 * would throw a `RangeError` instead of failing. The schema gets the input with such values taken
 * out (each replaced by `{}`); they are put back, copied without recursion, into what it decoded.
 */
const withoutDeepValues = <A>(
  decode: (input: unknown) => Either.Either<A, ParseResult.ParseError>
) =>
(input: unknown): Either.Either<A, ParseResult.ParseError> => {
  const hidden = Scan.hideDeep(input, Scan.schemaDepth)
  if (hidden === undefined) return decode(input)
  const decoded = decode(hidden.input)
  if (Either.isLeft(decoded)) return decoded
  const bad = Scan.restoreDeep(decoded.right, hidden.deep)
  if (bad === undefined) return decoded
  const { label, path } = Scan.locate(input, bad.path)
  const message = `${label} holds a value nested more than ${Scan.schemaDepth} levels deep that is not plain JSON`
  // A hidden value's path, and so the located one, is never empty.
  return Either.left(
    new ParseResult.ParseError({
      issue: new ParseResult.Pointer(
        path as ParseResult.Path,
        input,
        new ParseResult.Type(JsonValue.ast, bad.value, message)
      )
    })
  )
}

const decodePageSchema = withoutDeepValues(Schema.decodeUnknownEither(JobsPage))
const decodeAllJobsSchema = withoutDeepValues(Schema.decodeUnknownEither(AllJobs))

/**
 * Decodes a response body (parsed JSON) as a {@link JobsPage}: the same result as
 * `Schema.decodeUnknownEither(JobsPage)`, several times faster. A hand-written decoder handles the
 * bodies the service sends; anything it is not sure about (an invalid value, an unusual object)
 * goes through the schema, so the value, and the `ParseError` with its path, are the schema's.
 * Unlike the schema, it decodes JSON values at any depth: the hand-written decoder copies them
 * without recursion, and the schema is only given what lies less than `Scan.schemaDepth` (64)
 * levels down (deeper values are copied the same way, and a deep value that is not plain JSON is
 * a `ParseError` naming the job and the field).
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodePage = (input: unknown): Either.Either<JobsPage, ParseResult.ParseError> => {
  const fast = scanner.jobsPage(input)
  return fast === undefined ? decodePageSchema(input) : Either.right(fast)
}

/**
 * Decodes a response body (parsed JSON) as {@link AllJobs}: the same result as
 * `Schema.decodeUnknownEither(AllJobs)`, several times faster, and at any depth (see
 * {@link decodePage}).
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeAllJobs = (input: unknown): Either.Either<AllJobs, ParseResult.ParseError> => {
  const fast = scanner.allJobs(input)
  return fast === undefined ? decodeAllJobsSchema(input) : Either.right(fast)
}

// The Effect 4 side of core's test seam: what Effect 3 and Effect 4 spell differently in the tests,
// under one set of names (the Effect 3 line's test/compat.ts gives them Effect 3's meaning).
import { expect } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"
import * as Utc from "../src/internal/utc.js"

export const line = "effect4" as "effect3" | "effect4"

/** A decoding result: `Result` here, `Either` on Effect 3. */
export type Decoded<A> = Result.Result<A, Schema.SchemaError>

/** A schema failure: `SchemaError` here, `ParseError` on Effect 3. */
export type SchemaError = Schema.SchemaError

export { isFailure, isSuccess } from "effect/Result"

/** The value of a success; throws, with the error's message, on a failure. */
export const success = <A>(result: Decoded<A>): A => {
  if (Result.isFailure(result)) throw new Error(`expected a success, got: ${result.failure.message}`)
  return result.success
}

/** The error of a failure (checked to be the line's schema error); throws on a success. */
export const failure = <A>(result: Decoded<A>): SchemaError => {
  if (Result.isSuccess(result)) throw new Error("expected a failure")
  expect(Schema.isSchemaError(result.failure)).toBe(true)
  return result.failure
}

export const decodeUnknownResult = <S extends Schema.Decoder<unknown>>(schema: S) => {
  const decode = Schema.decodeUnknownResult(schema)
  return (input: unknown): Decoded<S["Type"]> => decode(input)
}

/** What a caller reads from a schema error: each problem with its path. */
export const issues = (error: SchemaError) => SchemaIssue.makeFormatterStandardSchemaV1()(error.issue).issues

/** The problems of a class constructor's throw on invalid fields (Effect 4 puts the issue in its `cause`). */
export const constructorIssues = (thrown: unknown) => {
  expect(thrown).toBeInstanceOf(Error)
  const cause = (thrown as Error).cause
  expect(SchemaIssue.isIssue(cause)).toBe(true)
  return SchemaIssue.makeFormatterStandardSchemaV1()(cause as SchemaIssue.Issue).issues
}

/** DateTime's own Utc constructor. */
export const makeUtc = (millis: number): DateTime.Utc => DateTime.makeUnsafe(millis)

/**
 * What `internal/utc.ts` promises on this line: Effect 4 keeps a DateTime's instant in
 * `epochMilliseconds` (Effect 3: `epochMillis`), and the constructor is DateTime's own prototype; a
 * value made by hand with the old field would compile and then format and compare wrongly.
 */
export const expectLineUtc = (actual: DateTime.Utc, millis: number) => {
  expect(Object.getPrototypeOf(actual)).toBe(Object.getPrototypeOf(makeUtc(millis)))
  expect(actual.epochMilliseconds).toBe(millis)
  expect("epochMillis" in actual).toBe(false)
}

/** Whether decoding uses the cheap constructor (checked at load against DateTime's own). */
export const utcIsCheap = (): boolean => Utc.cheap

/** The schema error of decoding `input` with `schema`; throws when it decodes. */
export const decodeFailure = (schema: Schema.Decoder<unknown>, input: unknown): SchemaError =>
  failure(Schema.decodeUnknownResult(schema)(input))

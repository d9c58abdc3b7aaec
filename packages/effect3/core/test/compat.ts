// The Effect 3 side of core's test seam: what Effect 3 and Effect 4 spell differently in the tests,
// under one set of names (the Effect 4 line's test/compat.ts gives them Effect 4's meaning).
import { expect } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Utc from "../src/internal/utc.js"

export const line = "effect3" as "effect3" | "effect4"

/** A decoding result: `Either` here, `Result` on Effect 4. */
export type Decoded<A> = Either.Either<A, ParseResult.ParseError>

/** A schema failure: `ParseError` here, `SchemaError` on Effect 4. */
export type SchemaError = ParseResult.ParseError

export const isSuccess = <A>(result: Decoded<A>): boolean => Either.isRight(result)

export const isFailure = <A>(result: Decoded<A>): boolean => Either.isLeft(result)

/** The value of a success; throws, with the error's message, on a failure. */
export const success = <A>(result: Decoded<A>): A => {
  if (Either.isLeft(result)) throw new Error(`expected a success, got: ${result.left.message}`)
  return result.right
}

/** The error of a failure (checked to be the line's schema error); throws on a success. */
export const failure = <A>(result: Decoded<A>): SchemaError => {
  if (Either.isRight(result)) throw new Error("expected a failure")
  expect(ParseResult.isParseError(result.left)).toBe(true)
  return result.left
}

export const decodeUnknownResult = <A, I>(schema: Schema.Schema<A, I>) => {
  const decode = Schema.decodeUnknownEither(schema)
  return (input: unknown): Decoded<A> => decode(input)
}

const toIssues = (error: ParseResult.ParseError) =>
  ParseResult.ArrayFormatter.formatErrorSync(error).map(({ message, path }) => ({ path, message }))

/** What a caller reads from a schema error: each problem with its path. */
export const issues = (error: SchemaError) => toIssues(error)

/** The problems of a class constructor's throw on invalid fields (Effect 3 throws the ParseError itself). */
export const constructorIssues = (thrown: unknown) => {
  expect(thrown).toBeInstanceOf(Error)
  expect(ParseResult.isParseError(thrown)).toBe(true)
  return toIssues(thrown as ParseResult.ParseError)
}

/** DateTime's own Utc constructor. */
export const makeUtc = (millis: number): DateTime.Utc => DateTime.unsafeMake(millis) as DateTime.Utc

/**
 * What `internal/utc.ts` promises on this line: Effect 3 keeps a DateTime's instant in
 * `epochMillis`, and the cheap constructor gives values their own prototype (so it does not
 * patch DateTime's), which DateTime cannot tell from its own.
 */
export const expectLineUtc = (actual: DateTime.Utc, millis: number) => {
  expect(Object.getPrototypeOf(actual)).not.toBe(Object.getPrototypeOf(makeUtc(millis)))
  expect(actual.epochMillis).toBe(millis)
}

/** Whether decoding uses the cheap constructor (its own prototype, apart from DateTime's). */
export const utcIsCheap = (): boolean => Object.getPrototypeOf(Utc.make(0)) !== Object.getPrototypeOf(makeUtc(0))

/** The schema error of decoding `input` with `schema`; throws when it decodes. */
export const decodeFailure = <A, I>(schema: Schema.Schema<A, I>, input: unknown): SchemaError =>
  failure(Schema.decodeUnknownEither(schema)(input))

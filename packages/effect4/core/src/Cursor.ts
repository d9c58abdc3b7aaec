/**
 * The opaque pagination cursor of the list-jobs endpoint.
 *
 * @since 1.0.0
 */
import * as Protocol from "@sutro-effect/protocol/Cursor"
import { identity } from "effect/Function"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"

/**
 * The longest cursor a caller may pass (`startCursor`, `listJobs({ cursor })`). Cursors the server
 * sends are not held to it: the response size cap bounds them.
 *
 * @since 1.0.0
 * @category constants
 */
export const maxLength: number = Protocol.maxLength

/**
 * The one rule for cursor text: what is wrong with `s` as a cursor, or `undefined` when nothing
 * is. A cursor is whatever the server sent as `next_cursor`: never parse or build one. The rule
 * only catches values that cannot have come from the server (empty, whitespace or control
 * characters) and, for cursors a caller passes, absurd lengths.
 *
 * @since 1.0.0
 * @category validation
 */
export const problem: (s: string, max?: number) => string | undefined = Protocol.problem

// Generated cursors are printable ASCII, which a random string almost never is.
const printable = { patterns: [{ source: "^[\\x21-\\x7e]+$", flags: "" }] } as const

/**
 * A cursor a caller passes: {@link problem} with {@link maxLength}, so that a value that cannot
 * have come from the server fails before a request is sent.
 *
 * @since 1.0.0
 * @category schemas
 */
export const Cursor = Schema.String.check(
  Schema.makeFilter((s: string) => problem(s), { arbitraryConstraint: { ...printable, maxLength } })
).pipe(
  Schema.brand("@sutro-effect/core/Cursor"),
  Schema.annotate({
    identifier: "Cursor",
    description: "an opaque pagination cursor (the next_cursor of a previous page)"
  })
)

/**
 * A cursor as the server sends it (`next_cursor`): the same rule without the length limit.
 *
 * @since 1.0.0
 * @category schemas
 */
export const FromServer = Schema.String.check(
  Schema.makeFilter((s: string) => problem(s, Infinity), { arbitraryConstraint: printable })
).pipe(
  Schema.brand("@sutro-effect/core/Cursor"),
  Schema.annotate({ identifier: "Cursor", description: "an opaque pagination cursor sent by the server" })
)

/**
 * @since 1.0.0
 * @category models
 */
export type Cursor = typeof Cursor.Type

/**
 * Validates a string as a cursor.
 *
 * @since 1.0.0
 * @category constructors
 */
export const decode: (input: string) => Result.Result<Cursor, Schema.SchemaError> = Schema.decodeResult(Cursor)

/**
 * Builds a cursor, throwing on invalid input. Prefer {@link decode} for untrusted input.
 *
 * @since 1.0.0
 * @category constructors
 */
export const make = (input: string): Cursor => Result.getOrThrowWith(decode(input), identity)

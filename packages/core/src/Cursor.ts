/**
 * The opaque pagination cursor of the list-jobs endpoint.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import { identity } from "effect/Function"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

/**
 * A cursor is whatever the server sent as `next_cursor`: never parse or build one. The only checks
 * made here catch values that cannot have come from the server (empty, whitespace or control
 * characters, absurd lengths), so that they fail before a request is sent.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Cursor = Schema.String.pipe(
  Schema.filter((s) =>
    s.length === 0
      ? "a cursor must be a non-empty string: pass the `next_cursor` of a previous page"
      : s.length > 4096
      ? `a cursor is at most 4096 characters, got ${s.length}: pass the \`next_cursor\` of a previous page unchanged`
      : /^[\x21-\x7e]+$/.test(s)
      ? undefined
      : "a cursor contains only printable ASCII without spaces: pass the `next_cursor` of a previous page unchanged"
  ),
  Schema.brand("@sutro-effect/core/Cursor"),
  Schema.annotations({
    identifier: "Cursor",
    description: "an opaque pagination cursor (the next_cursor of a previous page)"
  })
)

/**
 * @since 0.1.0
 * @category models
 */
export type Cursor = typeof Cursor.Type

/**
 * Validates a string as a cursor.
 *
 * @since 0.1.0
 * @category constructors
 */
export const decode: (input: string) => Either.Either<Cursor, ParseResult.ParseError> = Schema.decodeEither(Cursor)

/**
 * Builds a cursor, throwing on invalid input. Prefer {@link decode} for untrusted input.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (input: string): Cursor => Either.getOrThrowWith(decode(input), identity)

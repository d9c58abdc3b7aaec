/**
 * The opaque pagination cursor of the list-jobs endpoint.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 */
import * as Protocol from "@sutro-effect/protocol/Cursor"
import type * as Brand from "effect/Brand"
import { identity } from "effect/Function"
import * as Schema from "effect/Schema"
import { annotate, checkString, decodeResult, getOrThrowWith } from "./internal/compat.js"

/**
 * The longest cursor a caller may pass (`startCursor`, `listJobs({ cursor })`). Cursors the server
 * sends are not held to it: the response size cap bounds them.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category constants
 */
export const maxLength: number = Protocol.maxLength

/**
 * The one rule for cursor text: what is wrong with `s` as a cursor, or `undefined` when nothing
 * is. A cursor is whatever the server sent as `next_cursor`: never parse or build one. The rule
 * only catches values that cannot have come from the server (empty, whitespace or control
 * characters) and, for cursors a caller passes, absurd lengths.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category validation
 */
export const problem: (s: string, max?: number) => string | undefined = Protocol.problem

// Generated cursors are printable ASCII, which a random string almost never is.
const printable = "^[\\x21-\\x7e]+$"

/**
 * A cursor a caller passes: {@link problem} with {@link maxLength}, so that a value that cannot
 * have come from the server fails before a request is sent.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category schemas
 */
export const Cursor = checkString((s) => problem(s), { pattern: printable, maxLength }).pipe(
  Schema.brand("@sutro-effect/core/Cursor"),
  annotate({
    identifier: "Cursor",
    description: "an opaque pagination cursor (the next_cursor of a previous page)"
  })
)

/**
 * A cursor as the server sends it (`next_cursor`): the same rule without the length limit.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category schemas
 */
export const FromServer = checkString((s) => problem(s, Infinity), { pattern: printable }).pipe(
  Schema.brand("@sutro-effect/core/Cursor"),
  annotate({ identifier: "Cursor", description: "an opaque pagination cursor sent by the server" })
)

// Spelled out (it is `typeof Cursor.Type`) so that declarations name it, e.g. in `decode`'s type.
/**
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category models
 */
export type Cursor = string & Brand.Brand<"@sutro-effect/core/Cursor">

/**
 * Validates a string as a cursor.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category constructors
 */
export const decode = decodeResult<Cursor, string>(Cursor)

/**
 * Builds a cursor, throwing on invalid input. Prefer {@link decode} for untrusted input.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category constructors
 */
export const make = (input: string): Cursor => getOrThrowWith(decode(input), identity)

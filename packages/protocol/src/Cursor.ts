/**
 * The opaque pagination cursor of the list-jobs endpoint. A cursor is whatever the server sent as
 * `next_cursor`: never parse or build one.
 *
 * @since 0.1.0
 */

/**
 * The longest cursor a caller may pass (`startCursor`, `listJobs({ cursor })`). Cursors the server
 * sends are not held to it: the response size cap bounds them.
 *
 * @since 0.1.0
 * @category constants
 */
export const maxLength = 4096

const printable = /^[\x21-\x7e]+$/

/**
 * The one rule for cursor text: what is wrong with `s` as a cursor, or `undefined` when nothing
 * is. The rule only catches values that cannot have come from the server (empty, whitespace or
 * control characters) and, for cursors a caller passes, absurd lengths (`max`; pass `Infinity` for
 * a cursor the server sent).
 *
 * @since 0.1.0
 * @category validation
 */
export const problem = (s: string, max: number = maxLength): string | undefined =>
  s.length === 0
    ? "a cursor must be a non-empty string: pass the `next_cursor` of a previous page"
    : s.length > max
    ? `a cursor is at most ${max} characters, got ${s.length}: pass the \`next_cursor\` of a previous page unchanged`
    : printable.test(s)
    ? undefined
    : "a cursor contains only printable ASCII without spaces: pass the `next_cursor` of a previous page unchanged"

/**
 * {@link problem} for a value a caller passed, which plain JavaScript may have made anything: what
 * is not text is refused too.
 *
 * @since 0.1.0
 * @category validation
 */
export const inputProblem = (value: unknown, max: number = maxLength): string | undefined =>
  typeof value === "string"
    ? problem(value, max)
    : `a cursor must be a string: pass the \`next_cursor\` of a previous page, got ${typeof value}`

/**
 * Rules for the options a caller passes, shared by both lines.
 *
 * @since 0.1.0
 */

const negativeText = /^\s*-/

/**
 * Whether a duration option is written as a negative amount: a number below zero (or NaN), a negative
 * bigint, or text such as `"-1 second"`. Effect 3's duration decoder reads negative text as zero and
 * Effect 4's keeps it negative; both lines refuse it, with the same message, instead of waiting 0 ms or
 * failing later.
 *
 * @since 0.1.0
 * @category validation
 */
export const isNegativeDuration = (input: unknown): boolean =>
  (typeof input === "number" && !(input >= 0)) ||
  (typeof input === "bigint" && input < 0n) ||
  (typeof input === "string" && negativeText.test(input))

/**
 * The problem with a duration option written as a negative amount, or `undefined`.
 *
 * @since 0.1.0
 * @category validation
 */
export const negativeDurationProblem = (name: string, input: unknown): string | undefined =>
  !isNegativeDuration(input)
    ? undefined
    : typeof input === "number"
    ? `${name} must not be negative or NaN`
    : `${name} must not be negative`

/**
 * What is wrong with a retry policy's `maxRetries` (a whole number >= 0), or `undefined`.
 *
 * @since 0.1.0
 * @category validation
 */
export const maxRetriesProblem = (n: number): string | undefined =>
  Number.isInteger(n) && n >= 0 ? undefined : `retry.maxRetries must be a whole number >= 0, got ${String(n)}`

/**
 * What is wrong with a retry policy's backoff `factor` (a number >= 1), or `undefined`.
 *
 * @since 0.1.0
 * @category validation
 */
export const factorProblem = (n: number): string | undefined =>
  Number.isFinite(n) && n >= 1 ? undefined : `retry.factor must be a number >= 1, got ${String(n)}`

/**
 * What is wrong with `maxResponseBytes` (a whole number of bytes > 0, or `Infinity` for no
 * limit), or `undefined`.
 *
 * @since 0.1.0
 * @category validation
 */
export const maxResponseBytesProblem = (n: number): string | undefined =>
  n === Infinity || (Number.isInteger(n) && n > 0)
    ? undefined
    : `maxResponseBytes must be a whole number of bytes > 0, got ${String(n)}`

/**
 * What an input from plain JavaScript is, for a message: `number`, `null`, `array`, ... (never its
 * value, which may be a secret).
 *
 * @since 0.1.0
 * @category formatting
 */
export const typeOf = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value

/**
 * What is wrong with an option that must be a boolean when given, or `undefined` (also for
 * `undefined`). Plain JavaScript may pass `"false"`, which is truthy.
 *
 * @since 0.1.0
 * @category validation
 */
export const booleanProblem = (name: string, value: unknown): string | undefined =>
  value === undefined || typeof value === "boolean" ? undefined : `${name} must be true or false, got ${typeOf(value)}`

/**
 * What is wrong with an option that must be a function when given, or `undefined` (also for
 * `undefined`): one that is not would be thrown on when first called, long after the options were
 * accepted.
 *
 * @since 0.1.0
 * @category validation
 */
export const functionProblem = (name: string, value: unknown): string | undefined =>
  value === undefined || typeof value === "function" ? undefined : `${name} must be a function, got ${typeOf(value)}`

/**
 * What is wrong with an option that must be a plain object of settings when given (such as
 * `retry`), or `undefined` (also for `undefined`).
 *
 * @since 0.1.0
 * @category validation
 */
export const objectProblem = (name: string, value: unknown): string | undefined =>
  value === undefined || (typeof value === "object" && value !== null && !Array.isArray(value))
    ? undefined
    : `${name} must be an object, got ${typeOf(value)}`

// C0 controls, DEL and C1 controls: never part of an id, and a newline in one would split a log line.
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/

/**
 * What is wrong with a job id a caller asks for (`waitFor`), or `undefined`: it must be a string,
 * not blank, without control characters (a newline, a tab, NUL). The id is not shown in the
 * message: it is the caller's, and may be anything.
 *
 * @since 0.1.0
 * @category validation
 */
export const jobIdProblem = (id: unknown): string | undefined =>
  typeof id !== "string"
    ? `a job id must be a string, got ${typeOf(id)}`
    : id.trim() === ""
    ? "a job id must not be blank"
    : controlCharacter.test(id)
    ? "a job id must not contain control characters (a newline, a tab, NUL)"
    : undefined

/**
 * The ids a caller waits for, without repeats and in their order, or what is wrong with them: an
 * iterable of job ids, not a string (whose characters would each be taken for an id), at least
 * one, each one as {@link jobIdProblem} says. Reads the iterable once.
 *
 * @since 0.1.0
 * @category validation
 */
export const jobIds = (
  input: unknown
): { readonly ids: ReadonlyArray<string> } | { readonly problem: string } => {
  if (typeof input === "string") return { problem: "job ids must be a list of ids, not a string: waitFor([id])" }
  if (
    typeof input !== "object" || input === null ||
    typeof (input as { readonly [Symbol.iterator]?: unknown })[Symbol.iterator] !== "function"
  ) {
    return { problem: `job ids must be a list of ids, got ${typeOf(input)}` }
  }
  const ids = new Set<string>()
  let index = 0
  for (const id of input as Iterable<unknown>) {
    const problem = jobIdProblem(id)
    if (problem !== undefined) return { problem: `${problem} (at index ${index})` }
    ids.add(id as string)
    index++
  }
  return ids.size === 0 ? { problem: "at least one job id is needed" } : { ids: Array.from(ids) }
}

/**
 * The client's default `timeout` per attempt, in milliseconds (60 s).
 *
 * @since 0.1.0
 * @category defaults
 */
export const defaultTimeoutMillis = 60_000

/**
 * The client's default `maxResponseBytes` (16 MiB, counted decoded). A page of 100 jobs is about 62 KB.
 *
 * @since 0.1.0
 * @category defaults
 */
export const defaultMaxResponseBytes = 16 * 1024 * 1024

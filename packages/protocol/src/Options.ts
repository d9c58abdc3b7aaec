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

/**
 * The page size of the list-jobs endpoint: a whole number from 1 to 100.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 * @category constants
 */
export const min = 1

/**
 * @since 0.1.0
 * @category constants
 */
export const max = 100

/**
 * The page size a walk asks for when the caller names none: the largest, for the fewest requests.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultSize = 100

/**
 * What is wrong with `n` as a page size, or `undefined` when nothing is.
 *
 * @since 0.1.0
 * @category validation
 */
export const problem = (n: number): string | undefined =>
  Number.isInteger(n) && n >= min && n <= max
    ? undefined
    : `a page size is a whole number from ${min} to ${max}, got ${String(n)}`

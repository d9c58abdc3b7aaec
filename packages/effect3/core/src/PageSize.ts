/**
 * The page size of the list-jobs endpoint: an integer from 1 to 100.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import { identity } from "effect/Function"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

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
 * @since 0.1.0
 * @category schemas
 */
export const PageSize = Schema.Number.pipe(
  Schema.filter((n) =>
    Number.isInteger(n) && n >= min && n <= max
      ? undefined
      : `a page size is a whole number from ${min} to ${max}, got ${String(n)}`
  ),
  Schema.brand("@sutro-effect/core/PageSize"),
  Schema.annotations({
    identifier: "PageSize",
    description: `the number of jobs per page, ${min}..${max}`,
    arbitrary: () => (fc) => fc.integer({ min, max }) as any
  })
)

/**
 * @since 0.1.0
 * @category models
 */
export type PageSize = typeof PageSize.Type

/**
 * @since 0.1.0
 * @category constructors
 */
export const decode: (input: number) => Either.Either<PageSize, ParseResult.ParseError> = Schema.decodeEither(PageSize)

/**
 * Builds a page size, throwing on invalid input. Prefer {@link decode} for untrusted input.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (input: number): PageSize => Either.getOrThrowWith(decode(input), identity)

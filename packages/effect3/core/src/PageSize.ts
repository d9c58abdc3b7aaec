/**
 * The page size of the list-jobs endpoint: an integer from 1 to 100.
 *
 * @since 0.1.0
 */
import * as ProtocolPageSize from "@sutro-effect/protocol/PageSize"
import * as Either from "effect/Either"
import { identity } from "effect/Function"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

/**
 * @since 0.1.0
 * @category constants
 */
export const min = ProtocolPageSize.min

/**
 * @since 0.1.0
 * @category constants
 */
export const max = ProtocolPageSize.max

/**
 * @since 0.1.0
 * @category schemas
 */
export const PageSize = Schema.Number.pipe(
  Schema.filter((n) => ProtocolPageSize.problem(n)),
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

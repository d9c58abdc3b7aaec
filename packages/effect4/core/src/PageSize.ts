/**
 * The page size of the list-jobs endpoint: an integer from 1 to 100.
 *
 * @since 1.0.0
 */
import * as Protocol from "@sutro-effect/protocol/PageSize"
import { identity } from "effect/Function"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"

/**
 * @since 1.0.0
 * @category constants
 */
export const min: number = Protocol.min

/**
 * @since 1.0.0
 * @category constants
 */
export const max: number = Protocol.max

/**
 * @since 1.0.0
 * @category schemas
 */
export const PageSize = Schema.Number.check(
  Schema.makeFilter((n: number) => Protocol.problem(n), {
    arbitraryConstraint: { minimum: min, maximum: max, number: "integer" }
  })
).pipe(
  Schema.brand("@sutro-effect/core/PageSize"),
  Schema.annotate({ identifier: "PageSize", description: `the number of jobs per page, ${min}..${max}` })
)

/**
 * @since 1.0.0
 * @category models
 */
export type PageSize = typeof PageSize.Type

/**
 * @since 1.0.0
 * @category constructors
 */
export const decode: (input: number) => Result.Result<PageSize, Schema.SchemaError> = Schema.decodeResult(PageSize)

/**
 * Builds a page size, throwing on invalid input. Prefer {@link decode} for untrusted input.
 *
 * @since 1.0.0
 * @category constructors
 */
export const make = (input: number): PageSize => Result.getOrThrowWith(decode(input), identity)

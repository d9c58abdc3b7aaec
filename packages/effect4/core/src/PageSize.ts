/**
 * The page size of the list-jobs endpoint: an integer from 1 to 100.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 */
import * as Protocol from "@sutro-effect/protocol/PageSize"
import type * as Brand from "effect/Brand"
import { identity } from "effect/Function"
import * as Schema from "effect/Schema"
import { annotate, checkInt, decodeResult, getOrThrowWith } from "./internal/compat.js"

/**
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category constants
 */
export const min: number = Protocol.min

/**
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category constants
 */
export const max: number = Protocol.max

/**
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category schemas
 */
export const PageSize = checkInt((n) => Protocol.problem(n), { min, max }).pipe(
  Schema.brand("@sutro-effect/core/PageSize"),
  annotate({ identifier: "PageSize", description: `the number of jobs per page, ${min}..${max}` })
)

// Spelled out (it is `typeof PageSize.Type`) so that declarations name it, e.g. in `decode`'s type.
/**
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category models
 */
export type PageSize = number & Brand.Brand<"@sutro-effect/core/PageSize">

/**
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category constructors
 */
export const decode = decodeResult<PageSize, number>(PageSize)

/**
 * Builds a page size, throwing on invalid input. Prefer {@link decode} for untrusted input.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category constructors
 */
export const make = (input: number): PageSize => getOrThrowWith(decode(input), identity)

/**
 * `DateTime.Utc` values made cheaply, as the page decoders make the timestamps of a job: the same
 * value `DateTime` makes from epoch milliseconds, without its general constructor's checks. A
 * module of its own, free of `effect/Schema`, so a decoder that does not use the schemas (the
 * client's) keeps them out of a bundle.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 */
import type * as DateTime from "effect/DateTime"
import * as internal from "./internal/utc.js"

/**
 * A `DateTime.Utc` at `epochMillis` (a finite number in `Date`'s range, as
 * `Timestamp.parseMillis` of `@sutro-effect/protocol` returns).
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category constructors
 */
export const make: (epochMillis: number) => DateTime.Utc = internal.make

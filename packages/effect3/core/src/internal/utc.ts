/**
 * `DateTime.Utc` values made cheaply. `DateTime.unsafeMake(millis)` builds a `Date`, then the value
 * with `Object.defineProperty` for its lazily computed parts: in a page walk that was among the
 * costliest functions. This makes the same value (the same prototype, `epochMillis`, a
 * non-enumerable `partsUtc`) with a plain constructor, and checks once at load that it behaves like
 * the one `DateTime` makes, falling back to `DateTime.unsafeMake` if a later Effect changes its
 * internals.
 */
import * as DateTime from "effect/DateTime"
import * as Equal from "effect/Equal"

const parts = Symbol.for("@sutro-effect/core/DateTime/partsUtc")

interface FastUtc {
  epochMillis: number
}

const FastUtc = function(this: FastUtc, epochMillis: number) {
  this.epochMillis = epochMillis
} as unknown as new(epochMillis: number) => DateTime.Utc

FastUtc.prototype = Object.create(Object.getPrototypeOf(DateTime.unsafeMake(0)), {
  // DateTime computes the parts on first use and stores them here; the slot stays out of
  // Object.keys and JSON like the original's non-enumerable own property.
  partsUtc: {
    get(this: Record<symbol, unknown>) {
      return this[parts]
    },
    set(this: Record<symbol, unknown>, value: unknown) {
      Object.defineProperty(this, parts, { value, writable: true, enumerable: false, configurable: true })
    },
    enumerable: false,
    configurable: true
  }
})

const behaves = (): boolean => {
  try {
    const probe = new FastUtc(86_400_123)
    const reference = DateTime.unsafeMake(86_400_123)
    // The parts' slot is checked by name on the reference rather than by calling getPartUtc and
    // formatIso here: those would put DateTime's formatting into every bundle of the jobs stream
    // (0.2 KB of gzip); utc.test checks both, and more, on the pinned Effect.
    const slot = Object.getOwnPropertyDescriptor(reference, "partsUtc")
    return DateTime.isDateTime(probe) && DateTime.isUtc(probe) && Equal.equals(probe, reference) &&
      Equal.equals(reference, probe) && slot !== undefined && !slot.enumerable && slot.writable === true &&
      Object.keys(probe).join() === Object.keys(reference).join()
  } catch {
    return false
  }
}

/**
 * A `DateTime.Utc` at `epochMillis` (a finite number).
 *
 * @internal
 */
export const make: (epochMillis: number) => DateTime.Utc = behaves()
  ? (epochMillis) => new FastUtc(epochMillis)
  : (epochMillis) => DateTime.unsafeMake(epochMillis) as DateTime.Utc

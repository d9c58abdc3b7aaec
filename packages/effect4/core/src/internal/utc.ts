/**
 * `DateTime.Utc` values made cheaply for decoded timestamps. `DateTime.makeUnsafe(millis)` goes
 * through a `Date` and the checks of a general constructor; in a page walk that is a third of the
 * page scanner's time. This makes the value the way Effect 4 itself does (`Object.create` of the
 * Utc prototype and one own field, `epochMilliseconds`: Effect 3's was `epochMillis`), and checks
 * once at load that it behaves like the one `DateTime` makes, falling back to
 * `DateTime.makeUnsafe` if a later Effect changes its internals.
 *
 * @internal
 */
import * as DateTime from "effect/DateTime"
import * as Equal from "effect/Equal"

const proto: object = Object.getPrototypeOf(DateTime.makeUnsafe(0))

const create = (epochMillis: number): DateTime.Utc => {
  const self = Object.create(proto)
  self.epochMilliseconds = epochMillis
  return self
}

const behaves = (): boolean => {
  try {
    const probe = create(86_400_123)
    const reference = DateTime.makeUnsafe(86_400_123)
    return DateTime.isDateTime(probe) && DateTime.isUtc(probe) && Equal.equals(probe, reference) &&
      Equal.equals(reference, probe) && DateTime.toEpochMillis(probe) === 86_400_123 &&
      DateTime.formatIso(probe) === DateTime.formatIso(reference) && DateTime.getPartUtc(probe, "day") === 2 &&
      Object.keys(probe).join() === Object.keys(reference).join()
  } catch {
    return false
  }
}

/**
 * Whether the load-time check passed (the tests pin that it does on the installed Effect).
 *
 * @internal
 */
export const cheap: boolean = behaves()

/**
 * A `DateTime.Utc` at `epochMillis` (a finite number in `Date`'s range).
 *
 * @internal
 */
export const make: (epochMillis: number) => DateTime.Utc = cheap
  ? create
  : (epochMillis) => DateTime.makeUnsafe(epochMillis)

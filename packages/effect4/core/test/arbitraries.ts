import { Job } from "@sutro-effect/core"
import * as Arbitrary from "effect/Arbitrary"
import * as Schema from "effect/Schema"

// Effect 4 has no fast-check: generators are Effect's own Arbitrary, derived from schemas and
// combined with all/map/flatMap/filter.

/** An integer from `minimum` to `maximum`, both included. */
export const intBetween = (minimum: number, maximum: number): Arbitrary.Arbitrary<number> =>
  Arbitrary.schema(Schema.Int.check(Schema.isBetween({ minimum, maximum })))

/** One of the given values (of any kind: NaN, undefined, functions, ...). */
export const constantFrom = <const A extends ReadonlyArray<unknown>>(...values: A): Arbitrary.Arbitrary<A[number]> =>
  Arbitrary.map(intBetween(0, values.length - 1), (i) => values[i])

/** A value of one of the given arbitraries. */
export const oneOf = <A>(...arbitraries: ReadonlyArray<Arbitrary.Arbitrary<A>>): Arbitrary.Arbitrary<A> =>
  Arbitrary.flatMap(intBetween(0, arbitraries.length - 1), (i) => arbitraries[i])

/** Any JSON value. */
export const json: Arbitrary.Arbitrary<Schema.Json> = Arbitrary.schema(Schema.Json)

/** A dictionary of JSON values. */
export const jsonRecord: Arbitrary.Arbitrary<{ readonly [key: string]: Schema.Json }> = Arbitrary.schema(
  Schema.Record(Schema.String, Schema.Json)
)

/**
 * A key named __proto__ cannot survive every plain-object copy (assigning it sets the
 * prototype), so generated objects that a test copies leave it out.
 */
export const hasProtoKey = (u: unknown): boolean =>
  typeof u === "object" && u !== null &&
  (Object.prototype.hasOwnProperty.call(u, "__proto__") || Object.values(u).some(hasProtoKey))

/**
 * The same value with every null-prototype object (which Effect 4's arbitraries generate for
 * records and structs now and then) made a plain one, as decoding makes it; class instances
 * (DateTime, Unrecognized) are kept.
 */
export const plain = <A>(u: A): A => {
  if (Array.isArray(u)) return u.map(plain) as A
  if (typeof u !== "object" || u === null) return u
  const proto = Object.getPrototypeOf(u)
  if (proto !== null && proto !== Object.prototype) return u
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(u)) out[key] = plain(value)
  return out as A
}

const encodeJob = Schema.encodeSync(Job.Job)

/** A decoded job, as plain as decoding makes one. */
export const job: Arbitrary.Arbitrary<Job.Job> = Arbitrary.map(
  Arbitrary.filter(Arbitrary.schema(Job.Job), (job) => !hasProtoKey(job)),
  plain
)

/** A job as the wire sends it: encoded, then through JSON. */
export const wire: Arbitrary.Arbitrary<any> = Arbitrary.map(job, (job) => JSON.parse(JSON.stringify(encodeJob(job))))

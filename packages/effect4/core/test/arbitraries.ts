import { Job } from "@sutro-effect/core"
import * as Arbitrary from "effect/Arbitrary"
import * as Schema from "effect/Schema"

// The generators of core's property tests, on Effect 4: Effect's own Arbitrary (derived from
// schemas, combined with all/map/flatMap/filter; Effect 4 has no fast-check). The Effect 3 line's
// arbitraries.ts gives the same names over fast-check, so the tests are written once.

/** A generator of `A` values, as `it.prop` takes it. */
export type Arb<A> = Arbitrary.Arbitrary<A>

/** The options of `it.prop` that run a property `n` times. */
export const runs = (n: number) => ({ arbitrary: { runs: n } })

/** The values of a schema. */
export const schema = <S extends Schema.Constraint>(s: S): Arb<S["Type"]> => Arbitrary.schema(s)

/** @see Arbitrary.map */
export const map = <A, B>(self: Arb<A>, f: (a: A) => B): Arb<B> => Arbitrary.map(self, f)

/** @see Arbitrary.flatMap */
export const flatMap = <A, B>(self: Arb<A>, f: (a: A) => Arb<B>): Arb<B> => Arbitrary.flatMap(self, f)

/** @see Arbitrary.filter */
export const filter = <A>(self: Arb<A>, predicate: (a: A) => boolean): Arb<A> => Arbitrary.filter(self, predicate)

/** A record of the values of each field's generator. */
export const all = <const F extends Record<string, Arb<any>>>(
  fields: F
): Arb<{ -readonly [K in keyof F]: F[K] extends Arb<infer A> ? A : never }> => Arbitrary.all(fields) as any

export { array } from "effect/Arbitrary"

/** An integer from `minimum` to `maximum`, both included. */
export const intBetween = (minimum: number, maximum: number): Arb<number> =>
  Arbitrary.schema(Schema.Int.check(Schema.isBetween({ minimum, maximum })))

/** Any safe integer. */
export const integer: Arb<number> = Arbitrary.schema(Schema.Int)

/** Any string. */
export const string: Arb<string> = Arbitrary.schema(Schema.String)

/** Any boolean. */
export const boolean: Arb<boolean> = Arbitrary.schema(Schema.Boolean)

/** One of the given values (of any kind: NaN, undefined, functions, ...). */
export const constantFrom = <const A extends ReadonlyArray<unknown>>(...values: A): Arb<A[number]> =>
  Arbitrary.map(intBetween(0, values.length - 1), (i) => values[i])

/** A value of one of the given arbitraries. */
export const oneOf = <A>(...arbitraries: ReadonlyArray<Arb<A>>): Arb<A> =>
  Arbitrary.flatMap(intBetween(0, arbitraries.length - 1), (i) => arbitraries[i])

/** A value of one of the given arbitraries, each picked in proportion to its weight. */
export const weighted = <A>(...choices: ReadonlyArray<readonly [Arb<A>, number]>): Arb<A> => {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0)
  return Arbitrary.flatMap(intBetween(0, total - 1), (n) => {
    for (const [arbitrary, weight] of choices) {
      if (n < weight) return arbitrary
      n -= weight
    }
    return choices[0][0]
  })
}

/** A string of `minLength` to `maxLength` characters taken from `chars`. */
export const stringOf = (
  chars: string,
  options: { readonly minLength?: number; readonly maxLength?: number }
): Arb<string> => Arbitrary.map(Arbitrary.array(constantFrom(...chars), options), (cs) => cs.join(""))

/** `null` or a value. */
export const orNull = <A>(self: Arb<A>): Arb<A | null> => oneOf<A | null>(Arbitrary.Constant(null), self)

/** A record whose keys other than `required` may be absent. */
export const record = <const F extends Record<string, Arb<any>>>(
  fields: F,
  required: ReadonlyArray<keyof F & string>
): Arb<{ [K in keyof F]?: F[K] extends Arb<infer A> ? A : never }> => {
  const absent = Symbol("absent")
  const entries = Object.entries(fields).map(([key, arbitrary]) =>
    [key, required.includes(key) ? arbitrary : oneOf<unknown>(Arbitrary.Constant(absent), arbitrary)] as const
  )
  return Arbitrary.map(
    Arbitrary.all(Object.fromEntries(entries)) as Arb<Record<string, unknown>>,
    (r) => Object.fromEntries(Object.entries(r).filter(([, value]) => value !== absent)) as any
  )
}

/** An object of at most `maxKeys` keys from `key`, with values from `value`. */
export const dictionary = <V>(key: Arb<string>, value: Arb<V>, options?: { readonly maxKeys?: number }) =>
  Arbitrary.map(
    Arbitrary.array(Arbitrary.all([key, value]), { maxLength: options?.maxKeys }),
    (entries) => Object.fromEntries(entries) as Record<string, V>
  )

/** Any JSON value. */
export const json: Arb<unknown> = Arbitrary.schema(Schema.Json)

/** A dictionary of JSON values. */
export const jsonRecord: Arb<{ readonly [key: string]: unknown }> = Arbitrary.schema(
  Schema.Record(Schema.String, Schema.Json)
)

/** A JSON value with its objects made null-prototype ones, or a Map or a Set of it. */
const unusual = Arbitrary.flatMap(json, (value) => {
  const nullProto = (u: unknown): unknown =>
    Array.isArray(u)
      ? u.map(nullProto)
      : typeof u === "object" && u !== null
      ? Object.assign(Object.create(null), Object.fromEntries(Object.entries(u).map(([k, v]) => [k, nullProto(v)])))
      : u
  return constantFrom(nullProto(value), new Map([["a", value]]), new Set([value]), [value, undefined])
})

/** Any value, null-prototype objects, Maps and Sets included. */
export const anything: Arb<unknown> = oneOf<unknown>(Arbitrary.schema(Schema.Unknown), unusual)

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
export const job: Arb<Job.Job> = Arbitrary.map(
  Arbitrary.filter(Arbitrary.schema(Job.Job), (job) => !hasProtoKey(job)),
  plain
)

/** A job as the wire sends it: encoded, then through JSON. */
export const wire: Arb<any> = Arbitrary.map(job, (job) => JSON.parse(JSON.stringify(encodeJob(job))))

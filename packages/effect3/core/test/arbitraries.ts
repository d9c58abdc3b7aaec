import { Job } from "@sutro-effect/core"
import * as Arbitrary from "effect/Arbitrary"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"

// The generators of core's property tests, on Effect 3: fast-check (as `effect/FastCheck`) and
// schema-derived arbitraries. The Effect 4 line's arbitraries.ts gives the same names over
// Effect 4's own Arbitrary, so the tests are written once.

/** A generator of `A` values, as `it.prop` takes it. */
export type Arb<A> = FastCheck.Arbitrary<A>

/** The options of `it.prop` that run a property `n` times. */
export const runs = (n: number) => ({ fastCheck: { numRuns: n } })

/** The values of a schema. */
export const schema = <A, I, R>(s: Schema.Schema<A, I, R>): Arb<A> => Arbitrary.make(s)

/** @see FastCheck.Arbitrary.map */
export const map = <A, B>(self: Arb<A>, f: (a: A) => B): Arb<B> => self.map(f)

/** @see FastCheck.Arbitrary.chain */
export const flatMap = <A, B>(self: Arb<A>, f: (a: A) => Arb<B>): Arb<B> => self.chain(f)

/** @see FastCheck.Arbitrary.filter */
export const filter = <A>(self: Arb<A>, predicate: (a: A) => boolean): Arb<A> => self.filter(predicate)

/** A record of the values of each field's generator. */
export const all = <const F extends Record<string, Arb<any>>>(
  fields: F
): Arb<{ -readonly [K in keyof F]: F[K] extends Arb<infer A> ? A : never }> => FastCheck.record(fields) as any

/** @see FastCheck.array */
export const array = <A>(
  item: Arb<A>,
  options?: { readonly minLength?: number; readonly maxLength?: number }
): Arb<Array<A>> => FastCheck.array(item, options)

/** An integer from `minimum` to `maximum`, both included. */
export const intBetween = (minimum: number, maximum: number): Arb<number> =>
  FastCheck.integer({ min: minimum, max: maximum })

/** Any 32-bit integer. */
export const integer: Arb<number> = FastCheck.integer()

/** Any string. */
export const string: Arb<string> = FastCheck.string()

/** Any boolean. */
export const boolean: Arb<boolean> = FastCheck.boolean()

/** One of the given values (of any kind: NaN, undefined, functions, ...). */
export const constantFrom = <const A extends ReadonlyArray<unknown>>(...values: A): Arb<A[number]> =>
  FastCheck.constantFrom(...values)

/** A value of one of the given arbitraries. */
export const oneOf = <A>(...arbitraries: ReadonlyArray<Arb<A>>): Arb<A> => FastCheck.oneof(...arbitraries)

/** A value of one of the given arbitraries, each picked in proportion to its weight. */
export const weighted = <A>(...choices: ReadonlyArray<readonly [Arb<A>, number]>): Arb<A> =>
  FastCheck.oneof(...choices.map(([arbitrary, weight]) => ({ arbitrary, weight })))

/** A string of `minLength` to `maxLength` characters taken from `chars`. */
export const stringOf = (
  chars: string,
  options: { readonly minLength?: number; readonly maxLength?: number }
): Arb<string> => FastCheck.string({ unit: FastCheck.constantFrom(...chars), ...options })

/** `null` or a value. */
export const orNull = <A>(self: Arb<A>): Arb<A | null> => FastCheck.option(self)

/** A record whose keys other than `required` may be absent. */
export const record = <const F extends Record<string, Arb<any>>>(
  fields: F,
  required: ReadonlyArray<keyof F & string>
): Arb<{ [K in keyof F]?: F[K] extends Arb<infer A> ? A : never }> =>
  FastCheck.record(fields, { requiredKeys: [...required] }) as any

/** An object of at most `maxKeys` keys from `key`, with values from `value`. */
export const dictionary = <V>(key: Arb<string>, value: Arb<V>, options?: { readonly maxKeys?: number }) =>
  FastCheck.dictionary(key, value, options?.maxKeys === undefined ? {} : { maxKeys: options.maxKeys })

/** Any JSON value. */
export const json: Arb<unknown> = FastCheck.jsonValue()

/** A dictionary of JSON values. */
export const jsonRecord: Arb<{ readonly [key: string]: unknown }> = FastCheck.dictionary(
  FastCheck.string(),
  FastCheck.jsonValue()
)

/** Any value, null-prototype objects, Maps and Sets included. */
export const anything: Arb<unknown> = FastCheck.anything({
  withNullPrototype: true,
  withObjectString: true,
  withMap: true,
  withSet: true
})

/**
 * A key named __proto__ cannot survive every plain-object copy (assigning it sets the
 * prototype), so generated objects that a test copies leave it out.
 */
export const hasProtoKey = (u: unknown): boolean =>
  typeof u === "object" && u !== null &&
  (Object.prototype.hasOwnProperty.call(u, "__proto__") || Object.values(u).some(hasProtoKey))

const encodeJob = Schema.encodeSync(Job.Job)

/** A decoded job. */
export const job: Arb<Job.Job> = Arbitrary.make(Job.Job).filter((job) => !hasProtoKey(job))

/** A job as the wire sends it: encoded, then through JSON. */
export const wire: Arb<any> = job.map((job) => JSON.parse(JSON.stringify(encodeJob(job))))

/**
 * The Effect 4 side of core's seam between the lines: what Effect 3 and Effect 4 spell differently, under
 * Effect 4's names. The Effect 3 twin gives each name the same meaning. Every function's own return type is
 * the line's native one, so a public export inferred from it shows `Result`/`SchemaError` here and
 * `Either`/`ParseError` on Effect 3, never this module.
 *
 * @internal
 */
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as R from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaGetter from "effect/SchemaGetter"
import * as SchemaIssue from "effect/SchemaIssue"
import * as SchemaTransformation from "effect/SchemaTransformation"
import * as Utc from "./utc.js"

// Results of decoding: Effect 4's own (the Effect 3 twin names Either and ParseError so).

export { getOrThrowWith, isFailure, succeed } from "effect/Result"

/**
 * Aliases, not re-exports: a declaration that infers a type through an alias names the type's home
 * module, where a re-exported name in scope would be written as this module's.
 *
 * @internal
 */
export type Result<A, E = never> = R.Result<A, E>

/** @internal */
export type SchemaError = Schema.SchemaError

/** The value of a success (the caller has ruled out a failure). @internal */
export const successOf = <A, E>(result: R.Result<A, E>): A => (result as R.Success<A, E>).success

/** @internal */
export const decodeResult: <A, I>(schema: Schema.Codec<A, I>) => (input: I) => R.Result<A, Schema.SchemaError> =
  Schema.decodeResult

/** @internal */
export const decodeUnknownResult: <A, I>(
  schema: Schema.Codec<A, I>
) => (input: unknown) => R.Result<A, Schema.SchemaError> = Schema.decodeUnknownResult

/** A schema failure at `path` of the input, saying `message` (`schema`, `actual`: Effect 3 only). @internal */
export const failAt = (
  path: ReadonlyArray<PropertyKey>,
  _input: unknown,
  _schema: Schema.Top,
  _actual: unknown,
  message: string
): R.Result<never, Schema.SchemaError> =>
  R.fail(new Schema.SchemaError(new SchemaIssue.Pointer(path, new SchemaIssue.InvalidValue({ message }))))

// Schemas

/** A schema with its native type (`Schema.Codec` here, `Schema.Schema` on Effect 3). @internal */
export type Codec<A, I = A> = Schema.Codec<A, I>

/** Types `schema` as the line's own `Codec<A, I>`, for an export whose type is named. @internal */
export const asCodec = <A, I = A>(schema: Schema.Codec<A, I>): Schema.Codec<A, I> => schema

/** The options that build a class instance without checking its fields. @internal */
export const unchecked = { disableChecks: true } as const

// Effect 4's own constructors, as values only (a re-exported name would also bring the type of that
// name, which declarations could then write as this module's).

/** @internal */
export { annotate } from "effect/Schema"

/** @internal */
export { Finite } from "effect/Schema"

/** @internal */
export { Literals } from "effect/Schema"

/** @internal */
export { Union } from "effect/Schema"

/** @internal */
export { Record } from "effect/Schema"

/** @internal */
export { optionalKey } from "effect/Schema"

/** An optional key that decodes as `value()` when absent. @internal */
export const withDefault = <S extends Schema.Top & { readonly "Encoded": unknown }>(
  schema: S,
  value: () => S["Encoded"]
) => schema.pipe(Schema.withDecodingDefaultKey(Effect.sync(value)))

/** A struct of `fields` whose other keys are held to `rest`. @internal */
export const StructWithRest = <const Fields extends Schema.Struct.Fields, Rest extends Schema.Constraint>(
  fields: Fields,
  rest: Schema.$Record<Schema.String, Rest>
) => Schema.StructWithRest(Schema.Struct(fields), [rest])

/**
 * `schema` held to `problem` (`undefined` or `true` when nothing is wrong, else the message), whose generated
 * values (property tests) are printable ASCII at most `maxLength` long.
 *
 * @internal
 */
export const checkString = (
  problem: (s: string) => string | boolean | undefined,
  generated?: { readonly pattern: string; readonly maxLength?: number }
) =>
  Schema.String.check(
    Schema.makeFilter(
      problem,
      generated === undefined ? undefined : {
        arbitraryConstraint: {
          patterns: [{ source: generated.pattern, flags: "" }],
          ...(generated.maxLength === undefined ? {} : { maxLength: generated.maxLength })
        }
      }
    )
  )

/** A number held to `problem`, whose generated values are whole numbers from `min` to `max`. @internal */
export const checkInt = (
  problem: (n: number) => string | undefined,
  generated: { readonly min: number; readonly max: number }
) =>
  Schema.Number.check(
    Schema.makeFilter(problem, {
      arbitraryConstraint: { minimum: generated.min, maximum: generated.max, number: "integer" }
    })
  )

/** A transformation that cannot fail. @internal */
export const transform = <From extends Schema.Top, To extends Schema.Top>(
  from: From,
  to: To,
  options: {
    readonly decode: (input: From["Type"]) => To["Encoded"]
    readonly encode: (output: To["Encoded"]) => From["Type"]
  }
) =>
  from.pipe(
    Schema.decodeTo(to, SchemaTransformation.transform(options))
  )

/**
 * A transformation whose decoding fails, with `message(input)`, when `decode` gives `undefined`.
 *
 * @internal
 */
export const transformOrFail = <From extends Schema.Top, To extends Schema.Top>(
  from: From,
  to: To,
  options: {
    readonly decode: (input: From["Type"]) => To["Encoded"] | undefined
    readonly message: (input: From["Type"]) => string
    readonly encode: (output: To["Encoded"]) => From["Type"]
  }
) =>
  from.pipe(
    Schema.decodeTo(
      to,
      SchemaTransformation.transformEffect({
        decode: (input: From["Type"], parseOptions) => {
          const output = options.decode(input)
          return output === undefined
            ? Effect.fail(new SchemaIssue.InvalidValue({ message: options.message(input) }, input, parseOptions))
            : Effect.succeed(output)
        },
        encode: (output: To["Encoded"]) => Effect.succeed(options.encode(output))
      })
    )
  )

/**
 * A `DateTime.Utc` whose generated values (property tests) lie from `min` to `max` epoch milliseconds
 * (`Schema.DateTimeUtc` alone generates any instant `Date` can hold, most of them with six-digit years).
 *
 * @internal
 */
export const DateTimeUtcBetween = (min: number, max: number) =>
  Schema.DateTimeUtc.annotate({
    toCodecArbitrary: () =>
      Schema.link<DateTime.Utc>()(
        Schema.Int.check(Schema.isBetween({ minimum: min, maximum: max })),
        { decode: SchemaGetter.transform(Utc.make), encode: SchemaGetter.transform(DateTime.toEpochMillis) }
      )
  })

/**
 * Instances of a class holding a `raw` string, as a schema's type side: generated in property tests from
 * the strings `raw` accepts, each built with `make`.
 *
 * @internal
 */
export const instanceOfFromRaw = <A extends { readonly raw: string }>(
  C: new(...args: Array<any>) => A,
  raw: Schema.Codec<string, string>,
  make: (raw: string) => A
) =>
  Schema.instanceOf(C).annotate({
    toCodecArbitrary: () =>
      Schema.link<A>()(raw, { decode: SchemaGetter.transform(make), encode: SchemaGetter.transform((a: A) => a.raw) })
  })

/**
 * The `name` of a `SutroError` member tagged `tag`: what the line's schema class was named (Effect 4: its
 * identifier, `@sutro-effect/core/<tag>`; Effect 3: its tag), kept now that the members are plain classes.
 *
 * @internal
 */
export const errorName = (tag: string): string => `@sutro-effect/core/${tag}`

/** The second argument of an error class's constructor (the line's schema class options). @internal */
export type MakeOptions = { readonly disableChecks?: boolean | undefined }

/** Whether `options` say not to check the fields. @internal */
export const isUnchecked = (options: MakeOptions | undefined): boolean => options?.disableChecks === true

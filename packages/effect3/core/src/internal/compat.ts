/**
 * The Effect 3 side of core's seam between the lines: what Effect 3 and Effect 4 spell differently, under
 * Effect 4's names, with Effect 3's meaning. Every function's own return type is the line's native one, so a
 * public export inferred from it shows `Either`/`ParseError` here and `Result`/`SchemaError` on Effect 4,
 * never this module.
 *
 * @internal
 */
import * as DateTime from "effect/DateTime"
import * as E from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

// Results of decoding: Effect 4 calls Either `Result` (Right a success, Left a failure) and
// ParseError `SchemaError`.

/** @internal */
export type Result<A, Err = never> = E.Either<A, Err>

/** @internal */
export type SchemaError = ParseResult.ParseError

/** @internal */
export { right as succeed } from "effect/Either"

/** @internal */
export { isLeft as isFailure } from "effect/Either"

/** The value of a success (the caller has ruled out a failure): its `right`. @internal */
export const successOf = <A, Err>(result: E.Either<A, Err>): A => (result as E.Right<Err, A>).right

/** @internal */
export { getOrThrowWith } from "effect/Either"

/** `Schema.decodeEither`, under Effect 4's name. @internal */
export const decodeResult: <A, I>(schema: Schema.Schema<A, I>) => (input: I) => E.Either<A, ParseResult.ParseError> =
  Schema.decodeEither

/** `Schema.decodeUnknownEither`, under Effect 4's name. @internal */
export const decodeUnknownResult: <A, I>(
  schema: Schema.Schema<A, I>
) => (input: unknown) => E.Either<A, ParseResult.ParseError> = Schema.decodeUnknownEither

/** A schema failure at `path` of `input`: `actual`, which `schema` refused, saying `message`. @internal */
export const failAt = (
  path: ReadonlyArray<PropertyKey>,
  input: unknown,
  schema: Schema.Schema.Any,
  actual: unknown,
  message: string
): E.Either<never, ParseResult.ParseError> =>
  E.left(
    new ParseResult.ParseError({
      issue: new ParseResult.Pointer(
        path as ParseResult.Path,
        input,
        new ParseResult.Type(schema.ast, actual, message)
      )
    })
  )

// Schemas

/** A schema with its native type (`Schema.Schema` here, `Schema.Codec` on Effect 4). @internal */
export type Codec<A, I = A> = Schema.Schema<A, I>

/** Types `schema` as the line's own `Schema<A, I>`, for an export whose type is named. @internal */
export const asCodec = <A, I = A>(schema: Schema.Schema<A, I>): Schema.Schema<A, I> => schema

/** The options that build a class instance without checking its fields. @internal */
export const unchecked = { disableValidation: true } as const

/** @internal */
export { annotations as annotate } from "effect/Schema"

const finiteNumber = () => Schema.Number.pipe(Schema.finite())

/** Built under a pure annotation: a bundle that does not use it (the errors alone) leaves Schema out. @internal */
export const Finite = /* @__PURE__ */ finiteNumber()

/** @internal */
export const Literals = <const L extends readonly [string, ...Array<string>]>(literals: L): Schema.Literal<[...L]> =>
  Schema.Literal(...literals) as unknown as Schema.Literal<[...L]>

/** @internal */
export const Union = <const Members extends ReadonlyArray<Schema.Schema.All>>(
  members: Members
): Schema.Union<[...Members]> => Schema.Union(...members) as unknown as Schema.Union<[...Members]>

/** @internal */
export const Record = <K extends Schema.Schema.All, V extends Schema.Schema.All>(
  key: K,
  value: V
): Schema.Record$<K, V> => Schema.Record({ key, value })

/** An optional key that, when present, holds `schema` (never `undefined`). @internal */
export const optionalKey = <S extends Schema.Schema.All>(schema: S) => Schema.optionalWith(schema, { exact: true })

/** An optional key that decodes as `value()` when absent. @internal */
export const withDefault = <S extends Schema.Schema.All>(schema: S, value: () => Schema.Schema.Type<S>) =>
  Schema.optionalWith(schema, { default: value })

/** A struct of `fields` whose other keys are held to `rest`. @internal */
export const StructWithRest = <
  Fields extends Schema.Struct.Fields,
  K extends Schema.Schema.All,
  V extends Schema.Schema.All
>(
  fields: Fields,
  rest: Schema.Record$<K, V>
) => Schema.Struct(fields, rest)

/**
 * A string held to `problem` (`undefined` or `true` when nothing is wrong, else the message), whose generated
 * values (property tests) match `generated.pattern` and are at most `generated.maxLength` long.
 *
 * @internal
 */
export const checkString = (
  problem: (s: string) => string | boolean | undefined,
  generated?: { readonly pattern: string; readonly maxLength?: number }
) =>
  Schema.String.pipe(
    Schema.filter(
      (s) => problem(s),
      generated === undefined ? undefined : {
        arbitrary: () => (fc) =>
          fc.stringMatching(new RegExp(generated.pattern)).filter((s) =>
            generated.maxLength === undefined || s.length <= generated.maxLength
          )
      }
    )
  )

/** A number held to `problem`, whose generated values are whole numbers from `min` to `max`. @internal */
export const checkInt = (
  problem: (n: number) => string | undefined,
  generated: { readonly min: number; readonly max: number }
) =>
  Schema.Number.pipe(
    Schema.filter((n) => problem(n), { arbitrary: () => (fc) => fc.integer(generated) })
  )

/** A transformation that cannot fail. @internal */
export const transform = <From extends Schema.Schema.Any, To extends Schema.Schema.Any>(
  from: From,
  to: To,
  options: {
    readonly decode: (input: Schema.Schema.Type<From>) => Schema.Schema.Encoded<To>
    readonly encode: (output: Schema.Schema.Encoded<To>) => Schema.Schema.Type<From>
  }
) => Schema.transform(from, to, { strict: true, decode: (a) => options.decode(a), encode: (i) => options.encode(i) })

/**
 * A transformation whose decoding fails, with `message(input)`, when `decode` gives `undefined`.
 *
 * @internal
 */
export const transformOrFail = <From extends Schema.Schema.Any, To extends Schema.Schema.Any>(
  from: From,
  to: To,
  options: {
    readonly decode: (input: Schema.Schema.Type<From>) => Schema.Schema.Encoded<To> | undefined
    readonly message: (input: Schema.Schema.Type<From>) => string
    readonly encode: (output: Schema.Schema.Encoded<To>) => Schema.Schema.Type<From>
  }
) =>
  Schema.transformOrFail(from, to, {
    strict: true,
    decode: (input, _, ast) => {
      const output = options.decode(input)
      return output === undefined
        ? ParseResult.fail(new ParseResult.Type(ast, input, options.message(input)))
        : ParseResult.succeed(output)
    },
    encode: (output) => ParseResult.succeed(options.encode(output))
  })

/**
 * A `DateTime.Utc` whose generated values (property tests) lie from `min` to `max` epoch milliseconds.
 *
 * @internal
 */
export const DateTimeUtcBetween = (min: number, max: number) =>
  Schema.DateTimeUtcFromSelf.annotations({
    arbitrary: () => (fc) => fc.integer({ min, max }).map((millis) => DateTime.unsafeMake(millis) as DateTime.Utc)
  })

/**
 * Instances of a class holding a `raw` string, as a schema's type side: generated in property tests from
 * the strings `raw` accepts, each built with `make`.
 *
 * @internal
 */
export const instanceOfFromRaw = <A extends { readonly raw: string }>(
  C: new(...args: Array<any>) => A,
  raw: Schema.Schema<string>,
  make: (raw: string) => A
) => {
  const accepts = Schema.is(raw)
  return Schema.instanceOf(C).annotations({ arbitrary: () => (fc) => fc.string().filter(accepts).map(make) })
}

/**
 * The `name` of a `SutroError` member tagged `tag`: what the line's schema class was named (Effect 4: its
 * identifier, `@sutro-effect/core/<tag>`; Effect 3: its tag), kept now that the members are plain classes.
 *
 * @internal
 */
export const errorName = (tag: string): string => tag

/** The second argument of an error class's constructor (the line's schema class options). @internal */
export type MakeOptions = boolean | { readonly disableValidation?: boolean | undefined }

/** Whether `options` say not to check the fields. @internal */
export const isUnchecked = (options: MakeOptions | undefined): boolean =>
  options === true || (typeof options === "object" && options.disableValidation === true)

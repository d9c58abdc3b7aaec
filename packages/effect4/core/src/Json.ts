/**
 * JSON values, for the open-ended parts of a job (`json_schema`, unknown sampling parameters,
 * extra keys of a failure reason).
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 */
import * as Schema from "effect/Schema"
import { annotate, asCodec, type Codec, Finite, Record, Union } from "./internal/compat.js"

/**
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category models
 */
export type JsonValue = null | boolean | number | string | ReadonlyArray<JsonValue> | JsonObject

/**
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category models
 */
export interface JsonObject {
  readonly [key: string]: JsonValue
}

// Not Effect 4's `Schema.Json`: that one returns its input as is, so a null-prototype object
// would stay one, where every other decoded object of a job (and the page scanner's) is plain.
// Its recursion is typed by hand (`Codec`), and `asCodec` gives each export its line's own type.

/**
 * Any JSON value (finite numbers only). Decoding builds fresh arrays and plain objects.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category schemas
 */
export const JsonValue = asCodec<JsonValue>(
  Union([
    Schema.Null,
    Schema.Boolean,
    Finite,
    Schema.String,
    Schema.Array(Schema.suspend((): Codec<JsonValue> => JsonValue)),
    Record(Schema.String, Schema.suspend((): Codec<JsonValue> => JsonValue))
  ]).pipe(annotate({ identifier: "JsonValue" }))
)

/**
 * Any JSON object.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category schemas
 */
export const JsonObject = asCodec<JsonObject>(
  Record(Schema.String, JsonValue).pipe(annotate({ identifier: "JsonObject" }))
)

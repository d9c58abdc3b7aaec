/**
 * JSON values, for the open-ended parts of a job (`json_schema`, unknown sampling parameters,
 * extra keys of a failure reason).
 *
 * @since 1.0.0
 */
import * as Schema from "effect/Schema"

/**
 * @since 1.0.0
 * @category models
 */
export type JsonValue = null | boolean | number | string | ReadonlyArray<JsonValue> | JsonObject

/**
 * @since 1.0.0
 * @category models
 */
export interface JsonObject {
  readonly [key: string]: JsonValue
}

// Not Effect 4's `Schema.Json`: that one returns its input as is, so a null-prototype object
// would stay one, where every other decoded object of a job (and the page scanner's) is plain.

/**
 * Any JSON value (finite numbers only). Decoding builds fresh arrays and plain objects.
 *
 * @since 1.0.0
 * @category schemas
 */
export const JsonValue: Schema.Codec<JsonValue> = Schema.Union([
  Schema.Null,
  Schema.Boolean,
  Schema.Finite,
  Schema.String,
  Schema.Array(Schema.suspend((): Schema.Codec<JsonValue> => JsonValue)),
  Schema.Record(Schema.String, Schema.suspend((): Schema.Codec<JsonValue> => JsonValue))
]).annotate({ identifier: "JsonValue" })

/**
 * Any JSON object.
 *
 * @since 1.0.0
 * @category schemas
 */
export const JsonObject: Schema.Codec<JsonObject> = Schema.Record(Schema.String, JsonValue).annotate({
  identifier: "JsonObject"
})

/**
 * The job object of the list-jobs endpoint, with its wire (snake_case) field names.
 *
 * @since 1.0.0
 */
import * as Schema from "effect/Schema"
import { JobStatus } from "./JobStatus.js"
import { JsonObject, JsonValue } from "./Json.js"
import { Timestamp } from "./Timestamp.js"

const NullableNumber = Schema.NullOr(Schema.Finite)
const NullableInt = Schema.NullOr(Schema.Int)
const Rest = [Schema.Record(Schema.String, JsonValue)] as const

/**
 * Why a job failed: a `message`, optional `additional_context`, and any other keys the server
 * sends (kept as JSON).
 *
 * @since 1.0.0
 * @category schemas
 */
export const FailureReason = Schema.StructWithRest(
  Schema.Struct({
    message: Schema.String,
    additional_context: Schema.optionalKey(JsonValue)
  }),
  Rest
).annotate({ identifier: "FailureReason" })

/**
 * @since 1.0.0
 * @category models
 */
export interface FailureReason extends Schema.Schema.Type<typeof FailureReason> {}

/**
 * The sampling parameters of a job: the common ones typed, any other key kept as JSON.
 *
 * @since 1.0.0
 * @category schemas
 */
export const SamplingParams = Schema.StructWithRest(
  Schema.Struct({
    temperature: Schema.optionalKey(NullableNumber),
    top_p: Schema.optionalKey(NullableNumber),
    top_k: Schema.optionalKey(NullableInt),
    max_tokens: Schema.optionalKey(NullableInt),
    min_tokens: Schema.optionalKey(NullableInt),
    repetition_penalty: Schema.optionalKey(NullableNumber),
    presence_penalty: Schema.optionalKey(NullableNumber),
    frequency_penalty: Schema.optionalKey(NullableNumber),
    seed: Schema.optionalKey(NullableInt),
    stop: Schema.optionalKey(Schema.NullOr(Schema.Union([Schema.String, Schema.Array(Schema.String)])))
  }),
  Rest
).annotate({ identifier: "SamplingParams" })

/**
 * @since 1.0.0
 * @category models
 */
export interface SamplingParams extends Schema.Schema.Type<typeof SamplingParams> {}

/**
 * A job as the service sends it. Nullable exactly where the real service sends `null`
 * (including `datetime_created`, which the docs type as a string but the backend sometimes
 * leaves empty); `run_type` is optional. Unknown extra fields are ignored, never an error.
 *
 * @since 1.0.0
 * @category schemas
 */
export const Job = Schema.Struct({
  job_id: Schema.String,
  status: JobStatus,
  model: Schema.String,
  system_prompt: Schema.NullOr(Schema.String),
  job_priority: Schema.Int,
  datetime_created: Schema.NullOr(Timestamp),
  datetime_started: Schema.NullOr(Timestamp),
  datetime_completed: Schema.NullOr(Timestamp),
  json_schema: Schema.NullOr(JsonObject),
  sampling_params: SamplingParams,
  name: Schema.NullOr(Schema.String),
  description: Schema.NullOr(Schema.String),
  dataset_id: Schema.NullOr(Schema.String),
  input_tokens: NullableInt,
  output_tokens: NullableInt,
  job_cost: NullableNumber,
  num_rows: NullableInt,
  failure_reason: Schema.NullOr(FailureReason),
  cost_estimate: NullableNumber,
  run_type: Schema.optionalKey(Schema.NullOr(Schema.String))
}).annotate({ identifier: "Job" })

/**
 * A decoded job.
 *
 * @since 1.0.0
 * @category models
 */
export interface Job extends Schema.Schema.Type<typeof Job> {}

/**
 * A job as it travels on the wire (JSON).
 *
 * @since 1.0.0
 * @category models
 */
export interface JobEncoded extends Schema.Codec.Encoded<typeof Job> {}

/**
 * The job object of the list-jobs endpoint, with its wire (snake_case) field names.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { JobStatus } from "./JobStatus.js"
import { JsonObject, JsonValue } from "./Json.js"
import { Timestamp } from "./Timestamp.js"

const FiniteNumber = Schema.Number.pipe(Schema.finite())
const NullableNumber = Schema.NullOr(FiniteNumber)
const NullableInt = Schema.NullOr(Schema.Int)

/**
 * Why a job failed: a `message`, optional `additional_context`, and any other keys the server
 * sends (kept as JSON).
 *
 * @since 0.1.0
 * @category schemas
 */
export const FailureReason = Schema.Struct(
  {
    message: Schema.String,
    additional_context: Schema.optionalWith(JsonValue, { exact: true })
  },
  Schema.Record({ key: Schema.String, value: JsonValue })
).annotations({ identifier: "FailureReason" })

/**
 * @since 0.1.0
 * @category models
 */
export interface FailureReason extends Schema.Schema.Type<typeof FailureReason> {}

/**
 * The sampling parameters of a job: the common ones typed, any other key kept as JSON.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SamplingParams = Schema.Struct(
  {
    temperature: Schema.optionalWith(NullableNumber, { exact: true }),
    top_p: Schema.optionalWith(NullableNumber, { exact: true }),
    top_k: Schema.optionalWith(NullableInt, { exact: true }),
    max_tokens: Schema.optionalWith(NullableInt, { exact: true }),
    min_tokens: Schema.optionalWith(NullableInt, { exact: true }),
    repetition_penalty: Schema.optionalWith(NullableNumber, { exact: true }),
    presence_penalty: Schema.optionalWith(NullableNumber, { exact: true }),
    frequency_penalty: Schema.optionalWith(NullableNumber, { exact: true }),
    seed: Schema.optionalWith(NullableInt, { exact: true }),
    stop: Schema.optionalWith(Schema.NullOr(Schema.Union(Schema.String, Schema.Array(Schema.String))), { exact: true })
  },
  Schema.Record({ key: Schema.String, value: JsonValue })
).annotations({ identifier: "SamplingParams" })

/**
 * @since 0.1.0
 * @category models
 */
export interface SamplingParams extends Schema.Schema.Type<typeof SamplingParams> {}

/**
 * A job as the service sends it. Nullable exactly where the real service sends `null`
 * (including `datetime_created`, which the docs type as a string but the backend sometimes
 * leaves empty); `run_type` is optional. Unknown extra fields are ignored, never an error.
 *
 * @since 0.1.0
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
  run_type: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true })
}).annotations({ identifier: "Job" })

/**
 * A decoded job.
 *
 * @since 0.1.0
 * @category models
 */
export interface Job extends Schema.Schema.Type<typeof Job> {}

/**
 * A job as it travels on the wire (JSON).
 *
 * @since 0.1.0
 * @category models
 */
export interface JobEncoded extends Schema.Schema.Encoded<typeof Job> {}

/**
 * The job object of the list-jobs endpoint, with its wire (snake_case) field names.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 */
import * as Schema from "effect/Schema"
import { annotate, Finite, optionalKey, Record, StructWithRest, Union } from "./internal/compat.js"
import { JobStatus } from "./JobStatus.js"
import { JsonObject, JsonValue } from "./Json.js"
import { Timestamp } from "./Timestamp.js"

const NullableNumber = Schema.NullOr(Finite)
const NullableInt = Schema.NullOr(Schema.Int)
const Rest = Record(Schema.String, JsonValue)

/**
 * Why a job failed: a `message`, optional `additional_context`, and any other keys the server
 * sends (kept as JSON).
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category schemas
 */
export const FailureReason = StructWithRest(
  {
    message: Schema.String,
    additional_context: optionalKey(JsonValue)
  },
  Rest
).pipe(annotate({ identifier: "FailureReason" }))

/**
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category models
 */
export interface FailureReason extends Schema.Schema.Type<typeof FailureReason> {}

/**
 * The sampling parameters of a job: the common ones typed, any other key kept as JSON.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category schemas
 */
export const SamplingParams = StructWithRest(
  {
    temperature: optionalKey(NullableNumber),
    top_p: optionalKey(NullableNumber),
    top_k: optionalKey(NullableInt),
    max_tokens: optionalKey(NullableInt),
    min_tokens: optionalKey(NullableInt),
    repetition_penalty: optionalKey(NullableNumber),
    presence_penalty: optionalKey(NullableNumber),
    frequency_penalty: optionalKey(NullableNumber),
    seed: optionalKey(NullableInt),
    stop: optionalKey(Schema.NullOr(Union([Schema.String, Schema.Array(Schema.String)])))
  },
  Rest
).pipe(annotate({ identifier: "SamplingParams" }))

/**
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category models
 */
export interface SamplingParams extends Schema.Schema.Type<typeof SamplingParams> {}

/**
 * A job as the service sends it. Nullable exactly where the real service sends `null`
 * (including `datetime_created`, which the docs type as a string but the backend sometimes
 * leaves empty); `run_type` is optional. Unknown extra fields are ignored, never an error.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
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
  run_type: optionalKey(Schema.NullOr(Schema.String))
}).pipe(annotate({ identifier: "Job" }))

/**
 * A decoded job.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category models
 */
export interface Job extends Schema.Schema.Type<typeof Job> {}

type Encoded = typeof Job.Encoded

/**
 * A job as it travels on the wire (JSON).
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category models
 */
export interface JobEncoded extends Encoded {}

import { Job } from "@sutro-effect/core"
import * as Schema from "effect/Schema"

export const baseJob: Job.JobEncoded = {
  job_id: "batch_job_12345",
  status: "SUCCEEDED",
  model: "llama-3.1-8b",
  system_prompt: "You are a helpful assistant.",
  job_priority: 1,
  datetime_created: "2024-01-15T10:30:00Z",
  datetime_started: "2024-01-15T10:30:15Z",
  datetime_completed: "2024-01-15T10:32:15Z",
  json_schema: null,
  sampling_params: { temperature: 0.7, top_p: 0.95, max_tokens: 2048 },
  name: "Customer Support Batch",
  description: "Processing customer inquiries",
  dataset_id: "dataset_abc123",
  input_tokens: 15420,
  output_tokens: 8230,
  job_cost: 0.0234,
  num_rows: 50,
  failure_reason: null,
  cost_estimate: 0.025,
  run_type: "FULL"
}

export const job = (overrides: Partial<Job.JobEncoded> = {}): Job.Job =>
  Schema.decodeUnknownSync(Job.Job)({ ...baseJob, ...overrides })

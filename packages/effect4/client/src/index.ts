/**
 * @since 1.0.0 (Effect 3: 0.1.0)
 */

/**
 * When and how long the client waits before trying a request again.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 */
export * as RetryPolicy from "./RetryPolicy.js"

/**
 * The Sutro jobs API as an Effect service: `listJobs`, `listAllJobs`, and cursor streams.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 */
export * as SutroClient from "./SutroClient.js"

/**
 * Watching jobs: a stream of job changes (`watch`) and waiting for jobs to finish (`waitFor`).
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 */
export * as JobWatch from "./JobWatch.js"

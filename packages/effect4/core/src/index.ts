/**
 * @since 1.0.0 (Effect 3: 0.1.0)
 */

/**
 * The bodies of error responses: FastAPI JSON in its shapes, and non-JSON pages from proxies.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 */
export * as ApiErrorBody from "./ApiErrorBody.js"

/**
 * The opaque pagination cursor.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 */
export * as Cursor from "./Cursor.js"

/**
 * The job object.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 */
export * as Job from "./Job.js"

/**
 * The status of a job: canonical, legacy and unrecognized values.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 */
export * as JobStatus from "./JobStatus.js"

/**
 * The two response shapes: a page, and all jobs at once.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 */
export * as JobsPage from "./JobsPage.js"

/**
 * JSON values for the open-ended parts of a job.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 */
export * as Json from "./Json.js"

/**
 * The page size, 1..100.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 */
export * as PageSize from "./PageSize.js"

/**
 * The typed errors of the SDK.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 */
export * as SutroError from "./SutroError.js"

/**
 * Timestamps: ISO 8601 on the wire, `DateTime.Utc` in code.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 */
export * as Timestamp from "./Timestamp.js"

/**
 * `DateTime.Utc` values made cheaply from epoch milliseconds, free of `effect/Schema`.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 */
export * as Utc from "./Utc.js"

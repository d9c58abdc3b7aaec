/**
 * The Sutro jobs API's wire rules and algorithms, free of Effect: what both Effect lines of
 * sutro-effect share. Each line is a thin Effect layer over these functions.
 *
 * @since 0.1.0
 */

/**
 * The cursor rule: which texts can be a `next_cursor`, for a caller's cursor and the server's.
 *
 * @since 0.1.0
 */
export * as Cursor from "./Cursor.js"

/**
 * Content codings: the `Accept-Encoding` a client sends, a response's `Content-Encoding` read,
 * the coding a server picks, and which errors mean a compressed body did not decode.
 *
 * @since 0.1.0
 */
export * as Encoding from "./Encoding.js"

/**
 * Error bodies: FastAPI JSON and proxies' HTML pages, read in bounded linear time.
 *
 * @since 0.1.0
 */
export * as ErrorBody from "./ErrorBody.js"

/**
 * The messages of the SDK's errors, the same on both lines.
 *
 * @since 0.1.0
 */
export * as ErrorText from "./ErrorText.js"

/**
 * Job statuses: canonical spellings, legacy values, terminal and final.
 *
 * @since 0.1.0
 */
export * as JobStatus from "./JobStatus.js"

/**
 * Telling a wrong Effect major or a too-old Node.js at import time, with what to install.
 *
 * @since 0.1.0
 */
export * as Major from "./Major.js"

/**
 * Rules for the options a caller passes (negative durations).
 *
 * @since 0.1.0
 */
export * as Options from "./Options.js"

/**
 * From what came back to which error: the classification of error statuses and unreadable bodies.
 *
 * @since 0.1.0
 */
export * as Outcome from "./Outcome.js"

/**
 * The page size rule, 1..100.
 *
 * @since 0.1.0
 */
export * as PageSize from "./PageSize.js"

/**
 * Retry-After, the retryable statuses and the backoff arithmetic.
 *
 * @since 0.1.0
 */
export * as Retry from "./Retry.js"

/**
 * The fast page scanner: a hand-written decoder for the list-jobs bodies.
 *
 * @since 0.1.0
 */
export * as Scan from "./Scan.js"

/**
 * Removing the API key from server text.
 *
 * @since 0.1.0
 */
export * as Secrets from "./Secrets.js"

/**
 * ISO 8601 timestamps as epoch milliseconds.
 *
 * @since 0.1.0
 */
export * as Timestamp from "./Timestamp.js"

/**
 * Base URLs, loopback hosts, URLs fit for messages, API key text.
 *
 * @since 0.1.0
 */
export * as Url from "./Url.js"

/**
 * The page walk's guards: cursors that lead back, `createdAfter`.
 *
 * @since 0.1.0
 */
export * as Walk from "./Walk.js"

/**
 * The watch: one poll's diff against the last.
 *
 * @since 0.1.0
 */
export * as Watch from "./Watch.js"

/**
 * Transport corners: refused TLS certificates, connections closed before an answer, interim `1xx`
 * response heads.
 *
 * @since 0.1.0
 */
export * as Transport from "./Transport.js"

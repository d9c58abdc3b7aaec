/**
 * @since 0.1.0
 */

/**
 * `sutro-jobs demo`: an embedded emulator, list and stats over HTTP.
 *
 * @since 0.1.0
 */
export * as Demo from "./Demo.js"

/**
 * Exit codes, and the message and hint printed for each failure.
 *
 * @since 0.1.0
 */
export * as ExitCode from "./ExitCode.js"

/**
 * The `--status` and `--since` filters.
 *
 * @since 0.1.0
 */
export * as Filters from "./Filters.js"

/**
 * Walking, filtering and writing jobs as pages arrive.
 *
 * @since 0.1.0
 */
export * as Listing from "./Listing.js"

/**
 * The output formats: table, json, ndjson, csv.
 *
 * @since 0.1.0
 */
export * as Output from "./Output.js"

/**
 * The progress line on stderr.
 *
 * @since 0.1.0
 */
export * as Progress from "./Progress.js"

/**
 * Flags, environment and config file: where the API URL and key come from.
 *
 * @since 0.1.0
 */
export * as Settings from "./Settings.js"

/**
 * The stats aggregation.
 *
 * @since 0.1.0
 */
export * as Stats from "./Stats.js"

/**
 * The `sutro-jobs` command tree and its runner.
 *
 * @since 0.1.0
 */
export * as SutroJobsCli from "./SutroJobsCli.js"

/**
 * `sutro-jobs wait`: wait until jobs finish; the exit code says how they ended.
 *
 * @since 0.1.0
 */
export * as Wait from "./Wait.js"

/**
 * `sutro-jobs watch`: job changes as they happen, as a table or NDJSON.
 *
 * @since 0.1.0
 */
export * as Watch from "./Watch.js"

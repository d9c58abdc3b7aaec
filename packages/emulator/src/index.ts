/**
 * @since 0.1.0
 */

/**
 * The local Sutro-compatible server: `make`, `layer` and the `Emulator` service.
 *
 * @since 0.1.0
 */
export * as Emulator from "./Emulator.js"

/**
 * The `sutro-emulator` command (`@effect/cli`).
 *
 * @since 0.1.0
 */
export * as EmulatorCli from "./EmulatorCli.js"

/**
 * Scriptable faults: statuses, 429s, Cloudflare pages, latency, resets, broken bodies, bad cursors.
 *
 * @since 0.1.0
 */
export * as Fault from "./Fault.js"

/**
 * The seeded job generator.
 *
 * @since 0.1.0
 */
export * as Generator from "./Generator.js"

/**
 * Live mode (jobs that move on a clock, new jobs arriving) and the change log.
 *
 * @since 0.1.0
 */
export * as Live from "./Live.js"

/**
 * The emulator behind plain Promises (`start` and a `Handle` without Effects), for tests on any Effect line.
 *
 * @since 0.1.0
 */
export * as Server from "./Server.js"

/**
 * Benchmarks of sutro-effect against a raw fetch loop and got. Run with `pnpm bench`.
 *
 * @since 0.1.0
 */
export * as Scenarios from "./scenarios.js"

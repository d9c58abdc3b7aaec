/**
 * What a line's tests implement so the shared suites can run its client: make a client, run an
 * operation to its end, or start one and interrupt it. Everything crossing this interface is plain
 * data and Promises, so the suites never see which Effect runs underneath.
 *
 * @since 0.0.0
 */
import type * as Canary from "./Canary.js"

/**
 * The line a driver runs: it names the sections of docs/reliability.md the line's run owns.
 *
 * @since 0.0.0
 * @category models
 */
export type Line = "effect3" | "effect4"

/**
 * A client as the suites configure it. Durations are milliseconds; the driver turns them into its
 * line's options (`apiKey` into a `Redacted`).
 *
 * @since 0.0.0
 * @category models
 */
export interface ClientOptions {
  readonly apiKey: string
  readonly baseUrl: string
  readonly timeoutMillis?: number | undefined
  readonly maxResponseBytes?: number | undefined
  readonly retry: {
    readonly maxRetries: number
    readonly baseDelayMillis: number
    readonly factor?: number | undefined
    readonly maxDelayMillis?: number | undefined
    readonly jitter: boolean
    readonly maxRetryAfterMillis?: number | undefined
  }
}

/**
 * The call a run makes. `pageSize`, `prefetch` and `startCursor` are the walk options of `pages`
 * and `jobs`; `limit` and `cursor` the parameters of `listJobs`.
 *
 * @since 0.0.0
 * @category models
 */
export type Operation =
  | { readonly _tag: "listJobs"; readonly limit?: number | undefined; readonly cursor?: string | undefined }
  | { readonly _tag: "listAllJobs" }
  | {
    readonly _tag: "pages" | "jobs"
    readonly pageSize: number
    readonly prefetch?: number | undefined
    readonly startCursor?: string | undefined
  }

/**
 * How a run is observed and held while it goes on.
 *
 * @since 0.0.0
 * @category models
 */
export interface RunOptions {
  /**
   * The consumer stops pulling (holds forever) once it has page `holdAt` (0-based): for `pages`,
   * that page; for `jobs`, the page's last job. `Running.holding` resolves then.
   */
  readonly holdAt?: number | undefined
  /** Called, synchronously, after each job or page is delivered, with the number of jobs delivered so far. */
  readonly onDelivered?: ((jobs: number) => void) | undefined
}

/**
 * A failure as plain data: the tag, the message and the error's own fields that are plain values
 * (`attempts`, `cursor`, `kind`, `detail`, `excerpt`, `retryAfterMillis`, ...).
 *
 * @since 0.0.0
 * @category models
 */
export interface ErrorView {
  readonly _tag: string
  readonly message: string
  readonly fields: { readonly [field: string]: string | number | boolean | null | undefined }
}

/**
 * What one run to its end delivered.
 *
 * @since 0.0.0
 * @category models
 */
export interface Outcome {
  /** The job ids delivered, in order. */
  readonly delivered: ReadonlyArray<string>
  /** The pages delivered (`pages` and `listJobs`; empty for the others). */
  readonly pages: ReadonlyArray<{ readonly index: number; readonly jobs: number; readonly nextCursor: string | null }>
  /** The typed failure, when the run failed. */
  readonly error?: ErrorView | undefined
  /** The first line of the pretty cause, when the run died or was interrupted instead. */
  readonly defect?: string | undefined
  /** The waits (ms, rounded) the retry policy chose during this run, in order, as `onRetry` saw them. */
  readonly waits: ReadonlyArray<number>
  /** The tag of the error behind each wait, in order. */
  readonly retried: ReadonlyArray<string>
  readonly elapsedMillis: number
}

/**
 * A started run.
 *
 * @since 0.0.0
 * @category models
 */
export interface Running {
  /** Resolves when the consumer holds (see `RunOptions.holdAt`); never without `holdAt`. */
  readonly holding: Promise<void>
  /** Interrupts the run; resolves once the interruption has completed (its finalizers ran). */
  readonly interrupt: () => Promise<void>
}

/**
 * A client with its own HTTP client (an undici pool on Node), released by `close`. Runs of one
 * client may overlap, but `Outcome.waits` is exact only for runs that do not.
 *
 * @since 0.0.0
 * @category models
 */
export interface Client {
  readonly run: (operation: Operation, options?: RunOptions) => Promise<Outcome>
  readonly start: (operation: Operation, options?: RunOptions) => Running
  /** Releases the HTTP client: its sockets close. */
  readonly close: () => Promise<void>
}

/**
 * One Effect line's client behind the suites. The driver feeds `canary` everything its runs make
 * that a user could see: each failure's message, `String`, JSON and pretty cause, every log line at
 * Debug level, and every span's name, attributes, events and exit.
 *
 * @since 0.0.0
 * @category models
 */
export interface Driver {
  readonly line: Line
  readonly client: (options: ClientOptions, canary: Canary.Canary) => Promise<Client>
}

/**
 * A test the line's file registers with its own vitest: `it(c.name, c.run, c.timeout)`. It throws
 * (node:assert) when the behaviour does not hold.
 *
 * @since 0.0.0
 * @category models
 */
export interface Case {
  readonly name: string
  readonly run: () => Promise<void>
  readonly timeout?: number | undefined
}

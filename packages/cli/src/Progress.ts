/**
 * A one-line progress display on stderr: pages, jobs, rate, and retry waits with their reason.
 * Drawn only when stderr is a terminal, so pipes and logs stay clean.
 *
 * @since 0.1.0
 */
import type * as RetryPolicy from "@sutro-effect/client/RetryPolicy"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as io from "./internal/io.js"
import * as Redact from "./internal/redact.js"

/**
 * The part of a Node stream the display needs.
 *
 * @since 0.1.0
 * @category models
 */
export interface Terminal {
  readonly isTTY?: boolean | undefined
  readonly columns?: number | undefined
  readonly write: (text: string) => unknown
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Progress {
  /** A page arrived with `jobs` jobs (before any filtering). Counted; drawn with the next `shown`. */
  readonly page: (jobs: number) => Effect.Effect<void>
  /** `jobs` jobs of the last page matched the filters and are written or counted. */
  readonly shown: (jobs: number) => Effect.Effect<void>
  /**
   * Runs `output`, which writes to the same terminal (rows on stdout), with the status line
   * cleared first and drawn again after, so that output never runs into the line.
   *
   * @since 0.1.0
   */
  readonly above: <A, E, R>(output: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /** The client waits before retrying a request. */
  readonly retry: (event: RetryPolicy.RetryEvent) => Effect.Effect<void>
  /** Clears the line. */
  readonly done: Effect.Effect<void>
}

/**
 * A display that draws nothing.
 *
 * @since 0.1.0
 * @category constructors
 */
export const silent: Progress = {
  page: () => Effect.void,
  shown: () => Effect.void,
  retry: () => Effect.void,
  above: (output) => output,
  done: Effect.void
}

const int = (n: number) => n.toLocaleString("en-US")

/**
 * The status line for the counters, as drawn.
 *
 * @since 0.1.0
 * @category formatting
 */
export const statusLine = (state: {
  readonly pages: number
  readonly fetched: number
  readonly shown: number
  readonly elapsedMillis: number
}): string => {
  const rate = state.elapsedMillis > 0 ? Math.round(state.fetched / (state.elapsedMillis / 1000)) : 0
  const shown = state.shown === state.fetched ? "" : ` · ${int(state.shown)} shown`
  return `${int(state.pages)} page${state.pages === 1 ? "" : "s"} · ${int(state.fetched)} jobs${shown} · ${
    int(rate)
  } jobs/s`
}

/**
 * The line drawn while the client waits to retry; URL user info and query values are redacted.
 *
 * @since 0.1.0
 * @category formatting
 */
export const retryLine = (event: RetryPolicy.RetryEvent): string => {
  const reason = Redact.text(event.error.message.split("\n")[0].replace(/ \[.*\]$/, ""))
  return `retry ${event.attempt} in ${(Duration.toMillis(event.delay) / 1000).toFixed(1)}s: ${reason}`
}

/**
 * A display on `terminal`, or {@link silent} when it is not a TTY. Redraws at most ten times a
 * second; retry waits are always drawn. Times come from the `Clock`, so tests can drive them.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (terminal: Terminal): Effect.Effect<Progress> => {
  if (terminal.isTTY !== true) return Effect.succeed(silent)
  return Effect.map(Clock.currentTimeMillis, (started) => {
    let pages = 0, fetched = 0, shown = 0, lastDraw = 0, drawn = false, firstShown = true, last = ""
    const draw = (text: string) => {
      // Some pseudo-terminals report 0 columns.
      const width = Math.max(20, (terminal.columns !== undefined && terminal.columns > 0 ? terminal.columns : 80) - 1)
      last = `${io.clearLine}${text.length > width ? text.slice(0, width - 1) + "…" : text}`
      terminal.write(last)
      drawn = true
    }
    const counters = (force: boolean) =>
      Effect.map(Clock.currentTimeMillis, (t) => {
        if (!force && t - lastDraw < 100) return
        lastDraw = t
        draw(statusLine({ pages, fetched, shown, elapsedMillis: t - started }))
      })
    return {
      // A page is drawn once its shown jobs are counted: drawn before, it would say "0 shown".
      page: (jobs) =>
        Effect.sync(() => {
          pages++
          fetched += jobs
        }),
      shown: (jobs) =>
        Effect.suspend(() => {
          shown += jobs
          const force = firstShown
          firstShown = false
          return counters(force)
        }),
      retry: (event) => Effect.sync(() => draw(retryLine(event))),
      above: (output) =>
        Effect.suspend(() => {
          if (!drawn) return output
          terminal.write(io.clearLine)
          return Effect.ensuring(output, Effect.sync(() => terminal.write(last)))
        }),
      done: Effect.sync(() => {
        if (drawn) terminal.write(io.clearLine)
        drawn = false
      })
    }
  })
}

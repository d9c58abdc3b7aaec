/**
 * The secrets canary: every text a suite's runs produced that a user could see (errors, log lines,
 * spans), scanned for the test key in every spelling a server could echo it in. A driver collects
 * the texts the way its Effect line makes them; the check here knows nothing of Effect.
 *
 * @since 0.0.0
 */
import * as Secrets from "@sutro-effect/protocol/Secrets"

/**
 * The API key every suite uses: distinctive, so that any copy of it is found.
 *
 * @since 0.0.0
 * @category constants
 */
export const apiKey = "sk_live_canary_7d3f9a61c2b84e05"

/**
 * @since 0.0.0
 * @category models
 */
export interface Summary {
  readonly texts: number
  readonly errors: number
  readonly logs: number
  readonly spans: number
}

/**
 * Keeps texts by where they came from; `error`, `log` and `span` also count what was seen.
 *
 * @since 0.0.0
 * @category models
 */
export class Canary {
  private readonly texts: Array<{ readonly source: string; readonly text: string }> = []
  private counts = { errors: 0, logs: 0, spans: 0 }

  /** A text seen by a user, e.g. `add("Cause.pretty", ...)`. */
  add(source: string, text: string): void {
    this.texts.push({ source, text })
  }

  /** One failure, as its texts: message, `String(error)`, `JSON.stringify(error)`, the pretty cause. */
  error(texts: { readonly [source: string]: string }): void {
    this.counts.errors++
    for (const [source, text] of Object.entries(texts)) this.add(source, text)
  }

  /** One log line, as its texts (the formatted line, the pretty cause). */
  log(texts: { readonly [source: string]: string }): void {
    this.counts.logs++
    for (const [source, text] of Object.entries(texts)) this.add(source, text)
  }

  /** A span started; its texts come with `add` as it gets attributes, events and its end. */
  span(): void {
    this.counts.spans++
  }

  /** Where a secret appears: the sources of every text that contains the key (as sent, URL-encoded or JSON-escaped). */
  leaks(): Array<string> {
    const scrub = Secrets.scrubberFor(apiKey)
    const found = new Set<string>()
    for (const { source, text } of this.texts) if (scrub(text) !== text) found.add(source)
    return [...found]
  }

  summary(): Summary {
    return { texts: this.texts.length, ...this.counts }
  }
}

/**
 * `JSON.stringify` that survives bigints and cycles, for span attributes.
 *
 * @since 0.0.0
 * @category utils
 */
export const stringify = (value: unknown): string => {
  try {
    return JSON.stringify(value, (_, v) => typeof v === "bigint" ? String(v) : v) ?? String(value)
  } catch {
    return String(value)
  }
}

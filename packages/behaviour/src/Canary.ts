/**
 * The secrets canary: every text a suite's runs produced that a user could see (errors, log lines,
 * spans), scanned for the test key in every spelling a server could echo it in (those
 * `Secrets.scrubberFor` covers). A driver collects
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
 * A key with the characters the spellings of an echo change (`<`, `&`, `+`, `/`, quotes, `%`, `\`,
 * `=`, `;`), still one a client accepts and a header carries (printable ASCII, no space).
 *
 * @since 0.0.0
 * @category constants
 */
export const hostileKey = "sk_canary<&+/\"'%\\=;7d3f9a61"

const exceptAlphanumerics = (key: string, f: (char: string) => string): string =>
  [...key].map((char) => /^[A-Za-z0-9]$/.test(char) ? char : f(char)).join("")

const unicodeEscapes = (key: string, upper: boolean): string =>
  exceptAlphanumerics(key, (char) =>
    Array.from({ length: char.length }, (_, i) => {
      const hex = char.charCodeAt(i).toString(16).padStart(4, "0")
      return `\\u${upper ? hex.toUpperCase() : hex}`
    }).join(""))

/**
 * The spellings of `key` the canary looks for, written out by the encoders themselves, so that the
 * check does not rest on the scrub it checks: as sent, `encodeURIComponent` (and with lowercase
 * hex), form encoding, `encodeURI`, `JSON.stringify`, HTML named, decimal and hex references, and
 * `\u` escapes in either case.
 *
 * @since 0.0.0
 * @category constructors
 */
export const spellingsOf = (key: string): ReadonlyArray<string> => {
  const named: { readonly [char: string]: string } = {
    "<": "&lt;",
    ">": "&gt;",
    "&": "&amp;",
    "\"": "&quot;",
    "'": "&apos;"
  }
  return [
    ...new Set([
      key,
      encodeURIComponent(key),
      encodeURIComponent(key).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
      new URLSearchParams({ k: key }).toString().slice(2),
      encodeURI(key),
      JSON.stringify(key).slice(1, -1),
      key.replace(/[<>&"']/g, (char) => named[char]),
      exceptAlphanumerics(key, (char) => `&#${char.codePointAt(0)};`),
      exceptAlphanumerics(key, (char) => `&#x${char.codePointAt(0)!.toString(16)};`),
      exceptAlphanumerics(key, (char) => `&#X${char.codePointAt(0)!.toString(16).toUpperCase()};`),
      unicodeEscapes(key, false),
      unicodeEscapes(key, true)
    ])
  ]
}

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

  /** `keys`: the keys to look for (default the suites' {@link apiKey}). */
  constructor(private readonly keys: ReadonlyArray<string> = [apiKey]) {}

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

  /**
   * Where a secret appears: the sources of every text that contains a key in one of its
   * {@link spellingsOf}, or in any spelling `Secrets.scrubberFor` covers (those mixed too).
   */
  leaks(): Array<string> {
    const spelled = this.keys.flatMap(spellingsOf)
    const scrubs = this.keys.map(Secrets.scrubberFor)
    const found = new Set<string>()
    for (const { source, text } of this.texts) {
      if (spelled.some((s) => text.includes(s)) || scrubs.some((scrub) => scrub(text) !== text)) found.add(source)
    }
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

// Shared pieces of the fault suite: the test key and the secrets canary (every text the suite's
// errors, Debug logs and spans produce is kept and scanned for the key), and the writer of
// docs/reliability.md (each test file owns one section of it).
import * as Cause from "effect/Cause"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as Tracer from "effect/Tracer"
import * as Fs from "node:fs"

/** The API key every fault test uses: distinctive, so that any copy of it is found. */
export const apiKey = "sk_live_canary_7d3f9a61c2b84e05"
/** What the client sends: the canary scans for the key alone, which this contains. */
export const authorization = `Key ${apiKey}`

/** Every text the suite produced that a user could see: errors, log lines, spans. */
export class Canary {
  private readonly texts: Array<{ readonly source: string; readonly text: string }> = []
  private counts = { errors: 0, logs: 0, spans: 0 }

  add(source: string, text: string): void {
    this.texts.push({ source, text })
  }

  /** An error as a user sees it: message, String, JSON and the pretty cause. */
  error(error: unknown): void {
    this.counts.errors++
    const e = error as { message?: unknown }
    this.add("error.message", String(e.message))
    this.add("String(error)", String(error))
    this.add("JSON.stringify(error)", JSON.stringify(error) ?? "")
    this.add("Cause.pretty", Cause.pretty(Cause.fail(error)))
  }

  cause(cause: Cause.Cause<unknown>): void {
    this.add("Cause.pretty", Cause.pretty(cause))
    for (const failure of Cause.failures(cause)) this.error(failure)
  }

  /** A logger at Debug level that keeps every line (logfmt, cause and annotations included). */
  readonly logger: Layer.Layer<never> = Layer.merge(
    Logger.replace(
      Logger.defaultLogger,
      Logger.make((options) => {
        this.counts.logs++
        this.add("log", Logger.logfmtLogger.log(options))
        this.add("log cause", Cause.pretty(options.cause))
      })
    ),
    Logger.minimumLogLevel(LogLevel.Debug)
  )

  /** A tracer that keeps every span's name, attributes, events and how it ended. */
  readonly tracer: Tracer.Tracer = Tracer.make({
    span: (name, parent, context, links, startTime, kind) => {
      this.counts.spans++
      return new RecordingSpan(this, name, parent, context, links, startTime, kind)
    },
    context: (f) => f()
  })

  /** Runs `effect` with the recording logger and tracer. */
  observe<A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> {
    return effect.pipe(Effect.withTracer(this.tracer), Effect.provide(this.logger))
  }

  /** Where a secret appears: the sources of every text that contains the key. */
  leaks(): Array<string> {
    const found = new Set<string>()
    for (const { source, text } of this.texts) if (text.includes(apiKey)) found.add(source)
    return [...found]
  }

  summary(): { readonly texts: number; readonly errors: number; readonly logs: number; readonly spans: number } {
    return { texts: this.texts.length, ...this.counts }
  }
}

class RecordingSpan implements Tracer.Span {
  readonly _tag = "Span"
  readonly spanId = Math.random().toString(16).slice(2)
  readonly traceId: string
  readonly sampled = true
  status: Tracer.SpanStatus
  readonly attributes = new Map<string, unknown>()
  readonly links: Array<Tracer.SpanLink>

  constructor(
    private readonly canary: Canary,
    readonly name: string,
    readonly parent: Option.Option<Tracer.AnySpan>,
    readonly context: Context.Context<never>,
    links: Iterable<Tracer.SpanLink>,
    startTime: bigint,
    readonly kind: Tracer.SpanKind
  ) {
    this.status = { _tag: "Started", startTime }
    this.traceId = Option.isSome(parent) ? parent.value.traceId : "trace"
    this.links = Array.from(links)
  }

  end(endTime: bigint, exit: Exit.Exit<unknown, unknown>): void {
    this.status = { _tag: "Ended", endTime, exit, startTime: this.status.startTime }
    this.canary.add(`span ${this.name}`, `${this.name} ${stringify(Object.fromEntries(this.attributes))}`)
    if (Exit.isFailure(exit)) this.canary.add(`span ${this.name} exit`, Cause.pretty(exit.cause))
  }

  attribute(key: string, value: unknown): void {
    this.attributes.set(key, value)
    this.canary.add(`span ${this.name} attribute`, `${key}=${stringify(value)}`)
  }

  event(name: string, _startTime: bigint, attributes?: Record<string, unknown>): void {
    this.canary.add(`span ${this.name} event`, `${name} ${stringify(attributes ?? {})}`)
  }

  addLinks(links: ReadonlyArray<Tracer.SpanLink>): void {
    for (const link of links) this.links.push(link)
  }
}

const stringify = (value: unknown): string => {
  try {
    return JSON.stringify(value, (_, v) => typeof v === "bigint" ? String(v) : v) ?? String(value)
  } catch {
    return String(value)
  }
}

// ---- docs/reliability.md ----

const docUrl = new URL("../../../../../docs/reliability.md", import.meta.url)

/**
 * `UPDATE_RELIABILITY=1` rewrites the section from what the suite observed. Without it (CI), the
 * committed section must equal what the suite observed, so the page cannot drift from the code.
 */
export const updating = process.env.UPDATE_RELIABILITY === "1"

const markers = (name: string) => [`<!-- reliability:${name}:start -->`, `<!-- reliability:${name}:end -->`] as const

/** The committed text of a section, or undefined when the page or the section is missing. */
export const readSection = (name: string): string | undefined => {
  if (!Fs.existsSync(docUrl)) return undefined
  const doc = Fs.readFileSync(docUrl, "utf8")
  const [start, end] = markers(name)
  const from = doc.indexOf(start), to = doc.indexOf(end)
  if (from < 0 || to < from) return undefined
  return doc.slice(from + start.length, to).replace(/^\n/, "").replace(/\n$/, "")
}

/**
 * With UPDATE_RELIABILITY=1 writes `body` into the section; otherwise returns a complaint when the
 * committed section differs (undefined when it matches).
 */
export const syncSection = (name: string, body: string): string | undefined => {
  if (!updating) {
    const committed = readSection(name)
    if (committed === body) return undefined
    return `docs/reliability.md's "${name}" section differs from what the suite observed. ` +
      `If the change is intended, regenerate it with UPDATE_RELIABILITY=1 pnpm vitest run packages/client/test/faults ` +
      `and commit the page.\n--- committed\n${committed ?? "(missing)"}\n--- observed\n${body}`
  }
  // Test files run in parallel processes: a lock directory keeps read-modify-write whole.
  const lock = new URL("../../../../../docs/.reliability.lock", import.meta.url)
  const deadline = Date.now() + 10_000
  for (;;) {
    try {
      Fs.mkdirSync(lock)
      break
    } catch {
      if (Date.now() > deadline) throw new Error("docs/.reliability.lock is stuck: remove it")
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20)
    }
  }
  try {
    const doc = Fs.readFileSync(docUrl, "utf8")
    const [start, end] = markers(name)
    const from = doc.indexOf(start), to = doc.indexOf(end)
    const next = from < 0 || to < from
      ? `${doc.replace(/\n*$/, "\n")}\n${start}\n${body}\n${end}\n`
      : `${doc.slice(0, from + start.length)}\n${body}\n${doc.slice(to)}`
    Fs.writeFileSync(docUrl, next)
  } finally {
    Fs.rmdirSync(lock)
  }
  return undefined
}

/** A seeded generator (mulberry32), so a suite's random choices are the same on every run. */
export const prng = (seed: number) => {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <A>(items: ReadonlyArray<A>): A => items[Math.floor(next() * items.length)]
  }
}

// What the tests' recording tracer and debug logger (test/compat.ts, one per line) hand to a test: the same shapes on
// both lines.
import type * as Exit from "effect/Exit"
import type * as Tracer from "effect/Tracer"

/** A span as the tests read it: Effect's own span shape on both lines. */
export type RecordedSpan = Tracer.Span

/** What a recording tracer tells as spans start and end, get attributes and record events. */
export interface SpanHooks {
  /** Whether to keep every span in `spans` (default true; a long run that only listens says false). */
  readonly keep?: boolean
  readonly onStart?: (span: RecordedSpan) => void
  readonly onEnd?: (span: RecordedSpan, exit: Exit.Exit<unknown, unknown>) => void
  readonly onAttribute?: (span: RecordedSpan, key: string, value: unknown) => void
  readonly onEvent?: (span: RecordedSpan, name: string, attributes: Record<string, unknown> | undefined) => void
}

/** A log line as the tests read it. */
export interface LogEntry {
  readonly level: string
  readonly message: unknown
  readonly annotations: unknown
  /** The line as Effect's logfmt logger writes it. */
  readonly logfmt: string
  /** The line's cause, pretty-printed. */
  readonly cause: string
}

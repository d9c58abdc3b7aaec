/**
 * The status of a job, as text.
 *
 * The real service sends the canonical uppercase values, but older deployments and the docs' own
 * example use lowercase (`"succeeded"`) and two legacy values (`pending`, `submitted`); a new status
 * may appear at any time. {@link normalize} accepts any case (and surrounding whitespace) and maps
 * the legacy values to `"QUEUED"`; a text it does not know is the caller's to keep as it is.
 *
 * @since 0.1.0
 */

/**
 * The canonical statuses, in lifecycle order.
 *
 * @since 0.1.0
 * @category constants
 */
export const known = [
  "UNKNOWN",
  "QUEUED",
  "STARTING",
  "RUNNING",
  "SUCCEEDED",
  "CANCELLING",
  "CANCELLED",
  "FAILED"
] as const

/**
 * One of the canonical statuses.
 *
 * @since 0.1.0
 * @category models
 */
export type Known = typeof known[number]

/**
 * Legacy spellings and what they mean: both meant "accepted, not started".
 *
 * @since 0.1.0
 * @category constants
 */
export const legacy: { readonly [raw: string]: Known } = {
  PENDING: "QUEUED",
  SUBMITTED: "QUEUED"
}

const lookup = new Map<string, Known>()
for (const status of known) {
  lookup.set(status, status)
  lookup.set(status.toLowerCase(), status)
}

/**
 * The canonical status for a raw value, or `undefined` when the value is not a known spelling
 * (any case, surrounding whitespace ignored) of a canonical or legacy status.
 *
 * @since 0.1.0
 * @category parsing
 */
export const normalize = (raw: string): Known | undefined => {
  // The exact canonical and lowercase spellings, nearly every status sent, skip trim and toUpperCase.
  const fast = lookup.get(raw)
  if (fast !== undefined) return fast
  const upper = raw.trim().toUpperCase()
  return lookup.get(upper) ?? legacy[upper]
}

const terminal: ReadonlySet<string> = new Set<Known>(["SUCCEEDED", "FAILED", "CANCELLING", "CANCELLED"])

/**
 * Whether a job in this status (canonical text) will not run any further. Matches the official
 * Python SDK, which counts `CANCELLING` as terminal (the job does no more work). An unrecognized
 * status is not terminal: the caller cannot know, and polling code must not stop on it.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isTerminal = (status: string): boolean => terminal.has(status)

const final: ReadonlySet<string> = new Set<Known>(["SUCCEEDED", "FAILED", "CANCELLED"])

/**
 * Whether a job in this status (canonical text) has reached its last status: a watch stops following
 * it. Unlike {@link isTerminal}, `CANCELLING` is not final: it still changes to `CANCELLED`. An
 * unrecognized status is not final.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isFinal = (status: string): boolean => final.has(status)

/**
 * The key a status filter compares: the canonical status for a known spelling, else the text
 * trimmed and uppercased, so that `"paused"` matches a server's `"PAUSED"` either way round.
 *
 * @since 0.1.0
 * @category getters
 */
export const key = (status: string): string => normalize(status) ?? status.trim().toUpperCase()

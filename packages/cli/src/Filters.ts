/**
 * The `--status` and `--since` filters of `sutro-jobs list` and `stats`.
 *
 * @since 0.1.0
 */
import type * as Job from "@sutro-effect/core/Job"
import * as JobStatus from "@sutro-effect/core/JobStatus"
import * as Timestamp from "@sutro-effect/core/Timestamp"
import * as Either from "effect/Either"

const units: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000
}

/**
 * Reads a `--since` value: a span back from `now` (`30m`, `12h`, `7d`, `2w`, `45s`), a date
 * (`2024-01-15`, midnight UTC) or an ISO date-time (`2024-01-15T10:30:00Z`). Returns epoch
 * milliseconds, or a message saying what is expected.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseSince = (input: string, now: number): Either.Either<number, string> => {
  const text = input.trim()
  const span = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(text)
  if (span !== null) {
    return Either.right(now - Math.round(Number(span[1]) * units[span[2].toLowerCase()]))
  }
  const millis = Timestamp.parseMillis(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text)
  return millis === undefined
    ? Either.left(
      `--since expects a span such as 30m, 12h, 7d or 2w, a date such as 2024-01-15, or a date-time such as ` +
        `2024-01-15T10:30:00Z; got ${JSON.stringify(input)}`
    )
    : Either.right(millis)
}

/**
 * A status filter built from `--status` values: any case, repeatable, comma-separated lists
 * allowed; legacy spellings (`pending`) match their canonical status. Values that are not a
 * known status are kept (the server may add statuses) and reported in `unknown` so the caller can
 * warn about a likely typo.
 *
 * @since 0.1.0
 * @category models
 */
export interface StatusFilter {
  readonly statuses: ReadonlySet<string>
  readonly unknown: ReadonlyArray<string>
  readonly matches: (job: Job.Job) => boolean
}

/**
 * @since 0.1.0
 * @category constructors
 */
export const statusFilter = (values: ReadonlyArray<string>): StatusFilter | undefined => {
  const statuses = new Set<string>()
  const unknown: Array<string> = []
  for (const value of values.flatMap((v) => v.split(","))) {
    const raw = value.trim()
    if (raw === "") continue
    const known = JobStatus.normalize(raw)
    if (known === undefined) unknown.push(raw)
    statuses.add(known ?? raw.toUpperCase())
  }
  if (statuses.size === 0) return undefined
  return {
    statuses,
    unknown,
    matches: (job) => statuses.has(JobStatus.toString(job.status).trim().toUpperCase())
  }
}

/**
 * The canonical statuses, for messages.
 *
 * @since 0.1.0
 * @category constants
 */
export const knownStatuses: ReadonlyArray<string> = JobStatus.known

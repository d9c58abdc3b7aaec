// The job store: one array of small entries kept in API order (newest first by creation time, then
// job id, descending; null creation dates last). A page is a binary search for the cursor's
// position and a slice; each job is kept as its JSON text (or, for generated jobs, regenerated on
// demand from its index), so serving a page is string joining, never re-sorting or re-encoding.
import type * as Job from "@sutro-effect/core/Job"
import * as Timestamp from "@sutro-effect/core/Timestamp"
import * as Generate from "./generate.js"

export interface Entry {
  /** Creation time in epoch millis, NaN when `datetime_created` is null. */
  readonly t: number
  readonly id: string
  /** The job's JSON text; undefined for a generated job (see `gen`). */
  readonly json: string | undefined
  /** The `datetime_created` text as sent (the cursor carries it); undefined for a generated job. */
  readonly tText: string | null | undefined
  /** Index of a generated job, -1 otherwise. */
  readonly gen: number
}

/** A keyset position: the sort key of the last job a client has seen. */
export interface Position {
  readonly t: number
  readonly id: string
}

/** Negative when `a` comes before `b` in API order. */
export const compare = (a: Position, b: Position): number => {
  const aNull = Number.isNaN(a.t), bNull = Number.isNaN(b.t)
  if (aNull !== bNull) return aNull ? 1 : -1
  if (!aNull && a.t !== b.t) return b.t - a.t
  return a.id === b.id ? 0 : a.id < b.id ? 1 : -1
}

const start = Buffer.from(JSON.stringify({ start: true })).toString("base64")
const startSpaced = Buffer.from(`{"start": true}`).toString("base64")

/**
 * The longest cursor read back: far more than any cursor issued normally (about 100 characters),
 * enough for the `LongCursor` fault's.
 */
const maxCursorLength = 65_536

export type Decoded =
  | { readonly _tag: "Start" }
  | { readonly _tag: "After"; readonly position: Position }
  | { readonly _tag: "Invalid" }

export class Store {
  private entries: Array<Entry> = []
  /** The jobs inserted or replaced by id (generated ones are found from their id: `generatedEntry`). */
  private readonly byId = new Map<string, Entry>()
  private series: Generate.Series | undefined
  private seed = 0
  private anchor = 0
  /** Called after every insert or replacement with the job it replaced (undefined for a new job). */
  onInsert: ((previous: Job.JobEncoded | undefined, job: Job.JobEncoded) => void) | undefined = undefined

  constructor(
    options: {
      readonly generated?:
        | { readonly count: number; readonly seed: number; readonly anchorMillis: number }
        | undefined
    }
  ) {
    const generated = options.generated
    if (generated !== undefined && generated.count > 0) {
      this.seed = generated.seed
      this.anchor = generated.anchorMillis
      this.series = Generate.series(generated.count, generated.seed, generated.anchorMillis)
      const entries = new Array<Entry>(generated.count)
      for (let i = 0; i < generated.count; i++) {
        entries[i] = {
          t: this.series.created[i],
          id: Generate.jobId(generated.seed, i),
          json: undefined,
          tText: undefined,
          gen: i
        }
      }
      // Generation order is nearly API order (only ties and null dates move), so this sort is close to linear.
      entries.sort(compare)
      this.entries = entries
    }
  }

  get size(): number {
    return this.entries.length
  }

  json(entry: Entry): string {
    if (entry.json !== undefined) return entry.json
    return JSON.stringify(this.generated(entry.gen))
  }

  private generated(index: number): Job.JobEncoded {
    const series = this.series!
    return Generate.jobAt(this.seed, index, series.base[index], series.created[index], this.anchor)
  }

  job(entry: Entry): Job.JobEncoded {
    return entry.json !== undefined ? JSON.parse(entry.json) : this.generated(entry.gen)
  }

  /** The status of the job of `entry`, without generating or parsing the rest of it when it can. */
  status(entry: Entry): string {
    if (entry.json !== undefined) return (JSON.parse(entry.json) as Job.JobEncoded).status
    const series = this.series!
    return Generate.statusAt(this.seed, entry.gen, series.base[entry.gen], this.anchor)
  }

  /** All jobs, decoded from their JSON, in API order. */
  all(): Array<Job.JobEncoded> {
    return this.entries.map((entry) => this.job(entry))
  }

  at(index: number): Entry {
    return this.entries[index]
  }

  /** The index of the first entry strictly after `position`. */
  private after(position: Position): number {
    let lo = 0, hi = this.entries.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (compare(this.entries[mid], position) <= 0) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** The index of the first entry at or after `position`. */
  private lowerBound(position: Position): number {
    let lo = 0, hi = this.entries.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (compare(this.entries[mid], position) < 0) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /**
   * The entry of generated job `id` where it was generated, if `id` is one: its index is the id's
   * last part, so no map of a million generated ids is built (`byId` holds only inserted jobs).
   */
  private generatedEntry(id: string): Entry | undefined {
    const series = this.series
    if (series === undefined) return undefined
    const dash = id.lastIndexOf("-")
    const index = dash === -1 ? NaN : parseInt(id.slice(dash + 1), 36)
    if (!(index >= 0 && index < series.created.length) || Generate.jobId(this.seed, index) !== id) return undefined
    const at = this.lowerBound({ t: series.created[index], id })
    const entry = this.entries[at]
    return entry !== undefined && entry.id === id && entry.gen === index ? entry : undefined
  }

  private entryOf(id: string): Entry | undefined {
    return this.byId.get(id) ?? this.generatedEntry(id)
  }

  /** The job with this id, if any. */
  get(id: string): Job.JobEncoded | undefined {
    const entry = this.entryOf(id)
    return entry === undefined ? undefined : this.job(entry)
  }

  /** Inserts jobs, replacing any job with the same id (the service updates jobs in place). */
  insert(jobs: ReadonlyArray<Job.JobEncoded>): void {
    for (const job of jobs) {
      const created = job.datetime_created
      const t = created === null ? NaN : Timestamp.parseMillis(created) ?? NaN
      const entry: Entry = { t, id: job.job_id, json: JSON.stringify(job), tText: created, gen: -1 }
      const previous = this.entryOf(entry.id)
      const before = previous !== undefined && this.onInsert !== undefined ? this.job(previous) : undefined
      const at = previous === undefined ? -1 : this.lowerBound(previous)
      if (at !== -1 && this.entries[at] === previous && compare(previous!, entry) === 0) {
        // Same creation time and id, so the same place in the list (a status change, live mode's
        // every update): replaced where it is, not spliced out and in again (each splice moves every
        // entry after it, which made a tick over a million jobs take seconds).
        this.entries[at] = entry
      } else {
        if (at !== -1 && this.entries[at] === previous) this.entries.splice(at, 1)
        this.entries.splice(this.lowerBound(entry), 0, entry)
      }
      this.byId.set(entry.id, entry)
      this.onInsert?.(before, job)
    }
  }

  /** The cursor naming the position of `entry`. */
  cursor(entry: Entry): string {
    return encodeCursor(this.createdText(entry), entry.id)
  }

  /**
   * A cursor naming the position of `entry` (the start when undefined), spelled differently from
   * `avoid`: equal to it as a position, not as text.
   */
  respelledCursor(entry: Entry | undefined, avoid: string | undefined): string {
    const spellings = entry === undefined
      ? [start, startSpaced]
      : [
        this.cursor(entry),
        Buffer.from(JSON.stringify({ i: entry.id, t: this.createdText(entry) })).toString("base64")
      ]
    return spellings[0] === avoid?.replace(/ /g, "+") ? spellings[1] : spellings[0]
  }

  /**
   * A cursor naming the position just before index `index` (the start of the list for 0), spelled
   * unlike any cursor issued otherwise (indented JSON): what the `RewindCursor` fault sends.
   */
  rewoundCursor(index: number): string {
    const entry = this.before(index)
    const value = entry === undefined ? { start: true } : { i: entry.id, t: this.createdText(entry) }
    return Buffer.from(JSON.stringify(value, null, 2)).toString("base64")
  }

  /** The cursor of `entry`, its JSON padded with spaces to at least `length` characters of base64. */
  longCursor(entry: Entry, length: number): string {
    const json = JSON.stringify({ t: this.createdText(entry), i: entry.id })
    const bytes = Math.ceil(length / 4) * 3
    return Buffer.from(json.slice(0, -1) + " ".repeat(Math.max(0, bytes - json.length)) + "}").toString("base64")
  }

  private createdText(entry: Entry): string | null {
    if (entry.tText !== undefined) return entry.tText
    return Number.isNaN(entry.t) ? null : Timestamp.formatMillis(entry.t)
  }

  /**
   * Reads a cursor. Only cursors this store could have issued are valid: well-formed, and naming a
   * job it holds (jobs are never deleted, so every cursor it issued stays valid).
   */
  decodeCursor(raw: string): Decoded {
    const invalid = { _tag: "Invalid" } as const
    // A `+` sent unencoded in a query string arrives as a space; base64 never contains spaces.
    // What follows a `~` is the key an EchoAuthorization fault put there (never in base64).
    const tilde = raw.indexOf("~")
    const text = (tilde === -1 ? raw : raw.slice(0, tilde)).replace(/ /g, "+")
    if (text.length === 0 || text.length > maxCursorLength || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return invalid
    const bytes = Buffer.from(text, "base64")
    if (bytes.toString("base64").replace(/=+$/, "") !== text.replace(/=+$/, "")) return invalid
    let value: unknown
    try {
      value = JSON.parse(bytes.toString("utf8"))
    } catch {
      return invalid
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) return invalid
    const record = value as Record<string, unknown>
    const keys = Object.keys(record)
    if (keys.length === 1 && record.start === true) return { _tag: "Start" }
    if (keys.length !== 2 || typeof record.i !== "string" || !(typeof record.t === "string" || record.t === null)) {
      return invalid
    }
    const t = record.t === null ? NaN : Timestamp.parseMillis(record.t)
    if (t === undefined) return invalid
    const position: Position = { t, id: record.i }
    const index = this.lowerBound(position)
    const found = this.entries[index]
    if (found === undefined || compare(found, position) !== 0) return invalid
    return { _tag: "After", position }
  }

  /** The entries of a page, and whether more follow. */
  page(
    from: Decoded,
    limit: number
  ): { readonly entries: Array<Entry>; readonly more: boolean; readonly start: number } {
    const begin = from._tag === "After" ? this.after(from.position) : 0
    const end = Math.min(this.entries.length, begin + limit)
    return { entries: this.entries.slice(begin, end), more: end < this.entries.length, start: begin }
  }

  /** The entry just before index `index` (the position a page starting there continues from). */
  before(index: number): Entry | undefined {
    return index > 0 ? this.entries[index - 1] : undefined
  }
}

export const encodeCursor = (t: string | null, id: string): string =>
  Buffer.from(JSON.stringify({ t, i: id })).toString("base64")

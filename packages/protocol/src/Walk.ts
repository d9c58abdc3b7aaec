/**
 * The page walk's rules: the guards against a server whose cursors lead back (a cursor already
 * followed, jobs newer than ones already delivered, ids of the previous page again), against a job
 * listed twice (on one page or on two), against an endless chain of empty pages, and the cut at
 * `createdAfter`. Generic over the job type: a line passes accessors for a job's id and creation
 * time.
 *
 * @since 0.1.0
 */

/**
 * How many cursors a walk remembers to recognise one it already followed. Together with the
 * ordering checks (a loop back to an earlier page shows newer jobs, or the previous page's ids),
 * the last few hundred cursors catch every loop a server can make unless its jobs have no creation
 * dates; that memory stays constant however long the walk (the fingerprints of delivered jobs, kept
 * to refuse a job listed twice, grow with it: see {@link IdFingerprints}).
 *
 * @since 0.1.0
 * @category constants
 */
export const cursorWindow = 512

/**
 * How many empty pages with a next cursor a walk follows in a row. A server may answer an empty
 * page now and then (the walk goes on), but a chain of them with fresh cursors would keep a walk
 * requesting forever without a job: past this many in a row, the walk fails.
 *
 * @since 0.1.0
 * @category constants
 */
export const maxEmptyPages = 100

/**
 * The message for page `index`, the `run`-th empty page in a row with a next cursor.
 *
 * @since 0.1.0
 * @category formatting
 */
export const emptyChainDetail = (index: number, run: number): string =>
  `page ${index} is empty with a next_cursor, ${run} empty pages in a row: the server leads the walk on ` +
  `without jobs (at most ${maxEmptyPages} in a row are followed)`

const fmix32 = (h: number): number => {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

const initialSlots = 1024

// One id's fingerprint, for `has` and `add` (a walk's pages use their own array).
const scratch = new Uint32Array(2)

/**
 * A set of job ids kept as 64-bit fingerprints, for a walk to refuse a job id it already delivered
 * without keeping every id: 8 bytes a slot in one typed array (open addressing, linear probing,
 * doubled when more than half full), so 16 to 32 bytes an id where a `Set<string>` costs the id's
 * string and the set's entry (about 100 bytes an id for ids like `job_<uuid>`). Memory still
 * grows with the walk (about 16 MB for a million ids, against about 100 MB).
 *
 * Two different ids may share a fingerprint: `has` may then say "seen" for an id never added. With
 * `n` ids added, the chance that any of them collides with an earlier one is at most n² / 2⁶⁵
 * (2.7e-8 for a million ids, 2.7e-4 for a hundred million). Such a false positive fails the walk
 * with the message of a job listed again, naming the job: the walk stops, loudly, it never skips a
 * job. The seed is random per walk (the constructor's default), so a retried walk does not meet the
 * same collision, and a server cannot pick ids that collide.
 *
 * @since 0.1.0
 * @category models
 */
export class IdFingerprints {
  private table = new Uint32Array(initialSlots * 2)
  private slots = initialSlots
  private count = 0
  private readonly seed1: number
  private readonly seed2: number

  constructor(seed: number = Math.floor(Math.random() * 0x100000000)) {
    this.seed1 = fmix32(seed ^ 0x9e3779b9)
    this.seed2 = fmix32(seed ^ 0x7f4a7c15)
  }

  /** How many distinct fingerprints the set holds. */
  get size(): number {
    return this.count
  }

  /** Whether `id`'s fingerprint was added (see the class for false positives). */
  has(id: string): boolean {
    this.fingerprint(id, scratch, 0)
    return this.probe(scratch[0], scratch[1], false)
  }

  /** Adds `id`'s fingerprint; whether it was there already. */
  add(id: string): boolean {
    this.fingerprint(id, scratch, 0)
    return this.probe(scratch[0], scratch[1], true)
  }

  /**
   * Writes `id`'s fingerprint to `out[at]` (low half) and `out[at + 1]` (high half), for
   * {@link probe}: a walk hashes each id once for its check and its delivery.
   *
   * @internal
   */
  fingerprint(id: string, out: Uint32Array, at: number): void {
    // Two 32-bit hashes of the UTF-16 code units: FNV-1a and a multiply-xorshift, each finished with
    // murmur3's fmix32; (0, 0) marks an empty slot, so a fingerprint of 0 takes 1 for its high half.
    let h1 = 0x811c9dc5 ^ this.seed1
    let h2 = this.seed2 ^ id.length
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i)
      h1 = Math.imul(h1 ^ c, 0x01000193)
      h2 = Math.imul(h2 ^ c, 0x5bd1e995)
      h2 ^= h2 >>> 15
    }
    out[at] = fmix32(h1 ^ id.length)
    out[at + 1] = fmix32(h2) || 1
  }

  /**
   * Whether the fingerprint (`lo`, `hi`) is in the set; with `insert`, adds it when it is not.
   *
   * @internal
   */
  probe(lo: number, hi: number, insert: boolean): boolean {
    const table = this.table
    const mask = this.slots - 1
    for (let slot = lo & mask;; slot = (slot + 1) & mask) {
      const at = slot * 2
      const slotHi = table[at + 1]
      if (slotHi === 0) {
        if (!insert) return false
        table[at] = lo
        table[at + 1] = hi
        if (++this.count * 2 > this.slots) this.grow()
        return false
      }
      if (slotHi === hi && table[at] === lo) return true
    }
  }

  private grow(): void {
    const old = this.table
    this.slots *= 2
    this.table = new Uint32Array(this.slots * 2)
    const mask = this.slots - 1
    for (let at = 0; at < old.length; at += 2) {
      const hi = old[at + 1]
      if (hi === 0) continue
      const lo = old[at]
      let slot = lo & mask
      while (this.table[slot * 2 + 1] !== 0) slot = (slot + 1) & mask
      this.table[slot * 2] = lo
      this.table[slot * 2 + 1] = hi
    }
  }
}

/**
 * What a walk remembers between pages to tell a server that leads it back. One per walk.
 *
 * @since 0.1.0
 * @category models
 */
export class RewindGuard<J> {
  private readonly cursors = new Set<string>()
  private readonly order: Array<string> = []
  private previousIds = new Set<string>()
  /** The ids of the page `check` last passed, for `delivered` to keep without collecting them again. */
  private checked: { readonly jobs: ReadonlyArray<J>; readonly ids: Set<string> } | undefined
  /** The fingerprints of the page `check` passed last (two slots a job), for `delivered`. */
  private prints = new Uint32Array(256)
  /**
   * The fingerprints of every job id delivered so far: a walk delivers each id at most once. The page
   * and the page before it are checked exactly ({@link IdFingerprints} for the false positives).
   */
  private readonly deliveredIds: IdFingerprints
  private emptyRun = 0
  /** The oldest creation time delivered so far; no later page may hold a strictly newer job. */
  private oldestMillis = Infinity
  private readonly id: (job: J) => string
  private readonly createdMillis: (job: J) => number | null

  /**
   * `createdMillis` gives a job's creation time in epoch milliseconds, or null when it has none;
   * `seed` seeds the fingerprints of delivered ids (random by default).
   */
  constructor(
    startCursor: string | null,
    id: (job: J) => string,
    createdMillis: (job: J) => number | null,
    seed?: number
  ) {
    this.id = id
    this.createdMillis = createdMillis
    this.deliveredIds = new IdFingerprints(seed)
    if (startCursor !== null) this.rememberCursor(startCursor)
  }

  /** Whether `cursor` was followed within the last {@link cursorWindow} cursors; remembers it when not. */
  rememberCursor(cursor: string): boolean {
    if (this.cursors.has(cursor)) return true
    this.cursors.add(cursor)
    this.order.push(cursor)
    if (this.order.length > cursorWindow) this.cursors.delete(this.order.shift()!)
    return false
  }

  /** What is wrong with page `index` given the pages delivered before it, or undefined. */
  check(jobs: ReadonlyArray<J>, index: number): string | undefined {
    // A page refused half way has overwritten the fingerprints of the one passed before it.
    this.checked = undefined
    const onPage = new Set<string>()
    if (this.prints.length < jobs.length * 2) this.prints = new Uint32Array(jobs.length * 2)
    const prints = this.prints
    for (let i = 0; i < jobs.length; i++) {
      const job = jobs[i]
      const id = this.id(job)
      if (index > 0 && this.previousIds.has(id)) {
        return `page ${index} repeats job ${id} of the page before it: the cursor led back`
      }
      const created = this.createdMillis(job)
      if (index > 0 && created !== null && created > this.oldestMillis) {
        return `page ${index} holds job ${id}, created after jobs already delivered (the list is newest ` +
          `first): the cursor led back`
      }
      if (onPage.has(id)) return `page ${index} lists job ${id} twice: a walk delivers each job once`
      onPage.add(id)
      this.deliveredIds.fingerprint(id, prints, i * 2)
      if (this.deliveredIds.probe(prints[i * 2], prints[i * 2 + 1], false)) {
        return `page ${index} lists job ${id} again, already delivered by an earlier page: a walk delivers ` +
          `each job once`
      }
    }
    this.checked = { jobs, ids: onPage }
    return undefined
  }

  /**
   * What is wrong with page `index` holding no job while the server gives a next cursor, or undefined:
   * more than {@link maxEmptyPages} such pages in a row end the walk.
   */
  checkEmpty(jobs: ReadonlyArray<J>, index: number, nextCursor: string | null): string | undefined {
    if (jobs.length > 0 || nextCursor === null) {
      this.emptyRun = 0
      return undefined
    }
    this.emptyRun++
    return this.emptyRun > maxEmptyPages ? emptyChainDetail(index, this.emptyRun) : undefined
  }

  /** Records a delivered page. */
  delivered(jobs: ReadonlyArray<J>): void {
    const checked = this.checked?.jobs === jobs ? this.checked.ids : undefined
    this.checked = undefined
    const ids = checked ?? new Set<string>()
    const prints = this.prints
    for (let i = 0; i < jobs.length; i++) {
      const job = jobs[i]
      if (checked === undefined) {
        // Not the page check passed last: its ids are read and hashed here.
        const id = this.id(job)
        ids.add(id)
        this.deliveredIds.add(id)
      } else {
        this.deliveredIds.probe(prints[i * 2], prints[i * 2 + 1], true)
      }
      const created = this.createdMillis(job)
      if (created !== null && created < this.oldestMillis) this.oldestMillis = created
    }
    this.previousIds = ids
  }
}

/**
 * The jobs of a page created after `createdAfter` (epoch millis), when the page holds any created
 * at or before it (the walk ends there); undefined when it holds none. Jobs without a creation
 * date are kept: nothing says they are older.
 *
 * @since 0.1.0
 * @category utils
 */
export const olderCut = <J>(
  jobs: ReadonlyArray<J>,
  createdAfter: number,
  createdMillis: (job: J) => number | null
): ReadonlyArray<J> | undefined => {
  for (let i = 0; i < jobs.length; i++) {
    const created = createdMillis(jobs[i])
    if (created !== null && created <= createdAfter) {
      return jobs.filter((job) => {
        const millis = createdMillis(job)
        return millis === null || millis > createdAfter
      })
    }
  }
  return undefined
}

/**
 * The message for page `index` returning a `next_cursor` the walk already followed.
 *
 * @since 0.1.0
 * @category formatting
 */
export const repeatedCursorDetail = (index: number, next: string): string =>
  `page ${index} returned next_cursor ${next}, which this walk already used`

/**
 * How many pages a walk fetches ahead of the one being consumed when the caller names no number.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultPrefetch = 1

const wholeNumberProblem = (value: number, min: number): string | undefined =>
  Number.isInteger(value) && value >= min ? undefined : `expected a whole number >= ${min}, got ${String(value)}`

/**
 * What is wrong with a walk's `prefetch` (a whole number >= 0; 0 fetches each page when it is
 * pulled), or `undefined`.
 *
 * @since 0.1.0
 * @category validation
 */
export const prefetchProblem = (n: number): string | undefined => wholeNumberProblem(n, 0)

/**
 * What is wrong with a walk's `maxPages` (a whole number >= 1), or `undefined`.
 *
 * @since 0.1.0
 * @category validation
 */
export const maxPagesProblem = (n: number): string | undefined => wholeNumberProblem(n, 1)

/**
 * What is wrong with a walk's `maxJobs` (a whole number >= 1), or `undefined`.
 *
 * @since 0.1.0
 * @category validation
 */
export const maxJobsProblem = (n: number): string | undefined => wholeNumberProblem(n, 1)

/**
 * The `limit` of a walk's next request: its page size, or fewer when fewer jobs are still wanted
 * (`maxJobs` less those `delivered`), so that the walk fetches no job beyond the ones it needs.
 *
 * @since 0.1.0
 * @category walk
 */
export const pageLimit = (pageSize: number, maxJobs: number, delivered: number): number =>
  Math.max(1, Math.min(pageSize, maxJobs - delivered))

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
 * dates; that memory stays constant however long the walk (the ids of delivered jobs, kept to
 * refuse a job listed twice, grow with it).
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
  /** Every job id delivered so far: a walk delivers each id at most once. */
  private readonly deliveredIds = new Set<string>()
  private emptyRun = 0
  /** The oldest creation time delivered so far; no later page may hold a strictly newer job. */
  private oldestMillis = Infinity
  private readonly id: (job: J) => string
  private readonly createdMillis: (job: J) => number | null

  /**
   * `createdMillis` gives a job's creation time in epoch milliseconds, or null when it has none.
   */
  constructor(startCursor: string | null, id: (job: J) => string, createdMillis: (job: J) => number | null) {
    this.id = id
    this.createdMillis = createdMillis
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
    const onPage = new Set<string>()
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
      if (this.deliveredIds.has(id)) {
        return `page ${index} lists job ${id} again, already delivered by an earlier page: a walk delivers ` +
          `each job once`
      }
    }
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
    const ids = new Set<string>()
    for (let i = 0; i < jobs.length; i++) {
      const job = jobs[i]
      const id = this.id(job)
      ids.add(id)
      this.deliveredIds.add(id)
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
 * @since 0.2.0
 * @category validation
 */
export const maxJobsProblem = (n: number): string | undefined => wholeNumberProblem(n, 1)

/**
 * The `limit` of a walk's next request: its page size, or fewer when fewer jobs are still wanted
 * (`maxJobs` less those `delivered`), so that the walk fetches no job beyond the ones it needs.
 *
 * @since 0.2.0
 * @category walk
 */
export const pageLimit = (pageSize: number, maxJobs: number, delivered: number): number =>
  Math.max(1, Math.min(pageSize, maxJobs - delivered))

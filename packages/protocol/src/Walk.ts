/**
 * The page walk's rules: the guards against a server whose cursors lead back (a cursor already
 * followed, jobs newer than ones already delivered, ids of the previous page again) and the cut at
 * `createdAfter`. Generic over the job type: a line passes accessors for a job's id and creation
 * time.
 *
 * @since 0.1.0
 */

/**
 * How many cursors a walk remembers to recognise one it already followed. Together with the
 * ordering checks (a loop back to an earlier page shows newer jobs, or the previous page's ids),
 * the last few hundred cursors catch every loop a server can make unless its jobs have no creation
 * dates; memory stays constant however long the walk.
 *
 * @since 0.1.0
 * @category constants
 */
export const cursorWindow = 512

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
    if (index === 0) return undefined
    for (let i = 0; i < jobs.length; i++) {
      const job = jobs[i]
      const id = this.id(job)
      if (this.previousIds.has(id)) {
        return `page ${index} repeats job ${id} of the page before it: the cursor led back`
      }
      const created = this.createdMillis(job)
      if (created !== null && created > this.oldestMillis) {
        return `page ${index} holds job ${id}, created after jobs already delivered (the list is newest ` +
          `first): the cursor led back`
      }
    }
    return undefined
  }

  /** Records a delivered page. */
  delivered(jobs: ReadonlyArray<J>): void {
    const ids = new Set<string>()
    for (let i = 0; i < jobs.length; i++) {
      const job = jobs[i]
      ids.add(this.id(job))
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

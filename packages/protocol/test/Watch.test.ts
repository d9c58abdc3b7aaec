import { describe, expect, it } from "vitest"
import * as Watch from "../src/Watch.js"

// A job as the tests see it: an id, a creation time (minutes; null for none), a status and any other fields.
interface TestJob {
  readonly job_id: string
  readonly created: number | null
  readonly status: string
  readonly [field: string]: unknown
}

/** A date value of the test "line": compared by its instant, whatever else it carries. */
class Instant {
  constructor(readonly millis: number, readonly zone: string = "UTC") {}
}

const accessors: Watch.Accessors<TestJob> = {
  id: (job) => job.job_id,
  createdMillis: (job) => job.created ?? -Infinity,
  statusText: (job) => job.status,
  dateMillis: (value) => value instanceof Instant ? value.millis : undefined
}

const events: Watch.Events<TestJob, string> = {
  added: (job) => `Added ${job.job_id} ${job.status}`,
  changed: (previous, job, fields) => `Changed ${job.job_id} ${previous.status}->${job.status} [${fields.join(",")}]`,
  finished: (job) => `Finished ${job.job_id} ${job.status}`,
  trackingStopped: (reason, jobs, before) =>
    `TrackingStopped ${reason} [${jobs.map((job) => job.job_id).join(",")}] ${before}`
}

const Q = "QUEUED"
const R = "RUNNING"
const S = "SUCCEEDED"
const F = "FAILED"
const CI = "CANCELLING"
const C = "CANCELLED"

type Row = readonly [id: string, created: number | null, status: string, extra?: Record<string, unknown>]

/** A listing, newest first. */
const list = (...rows: ReadonlyArray<Row>): ReadonlyArray<TestJob> =>
  rows.map(([job_id, created, status, extra]) => ({ job_id, created, status, ...extra }))

interface PollIn {
  readonly jobs: ReadonlyArray<TestJob>
  /** The attempts before the one that succeeds fail after processing this many pages each. */
  readonly failAfter?: ReadonlyArray<number>
}

interface PollOut {
  readonly events: ReadonlyArray<string>
  /** Pages the successful attempt fetched. */
  readonly pages: number
  readonly truncated?: boolean
}

interface Case {
  readonly name: string
  readonly pageSize?: number
  readonly maxPages?: number
  readonly initial?: boolean
  readonly only?: ReadonlyArray<string>
  readonly windowAfter?: number
  readonly polls: ReadonlyArray<PollIn>
  readonly expected: ReadonlyArray<PollOut>
}

/** Walks `jobs` as a line does: pages of `pageSize` until the poll has reached what it must see. */
const attempt = (
  state: Watch.State<TestJob>,
  config: Watch.Config<TestJob>,
  jobs: ReadonlyArray<TestJob>,
  pageSize: number,
  maxPages: number,
  failAfter: number | undefined
) => {
  const poll = Watch.beginPoll(state, config)
  const out: Array<string> = []
  for (let index = 0; index < maxPages; index++) {
    if (index === failAfter) return { out, done: undefined }
    const start = index * pageSize
    const page = {
      jobs: jobs.slice(start, start + pageSize),
      next_cursor: start + pageSize < jobs.length ? `cursor-${index + 1}` : null
    }
    out.push(...Watch.processPage(state, config, poll, page, events))
    if (poll.reached) break
  }
  const done = Watch.commit(state, config, poll, events)
  out.push(...done.events)
  return { out, done }
}

const run = (c: Case): Array<PollOut> => {
  const state = Watch.makeState<TestJob>()
  Watch.startWindow(state, c.windowAfter, undefined)
  const config: Watch.Config<TestJob> = {
    initial: c.initial ?? false,
    only: c.only === undefined ? undefined : new Set(c.only),
    accessors
  }
  return c.polls.map((poll) => {
    const out: Array<string> = []
    for (const failAfter of poll.failAfter ?? []) {
      const failed = attempt(state, config, poll.jobs, c.pageSize ?? 2, c.maxPages ?? Infinity, failAfter)
      expect(failed.done).toBeUndefined()
      out.push(...failed.out)
    }
    const { done, out: last } = attempt(state, config, poll.jobs, c.pageSize ?? 2, c.maxPages ?? Infinity, undefined)
    out.push(...last)
    return { events: out, pages: done!.pages, ...(done!.truncated ? { truncated: true } : {}) }
  })
}

const cases: ReadonlyArray<Case> = [
  {
    name: "the first poll reports nothing, then a followed job's changes and its finish",
    polls: [
      { jobs: list(["a", 10, R], ["b", 9, S]) },
      { jobs: list(["a", 10, R, { tokens: 5 }], ["b", 9, S]) },
      { jobs: list(["a", 10, S, { tokens: 5 }], ["b", 9, S]) },
      { jobs: list(["a", 10, S, { tokens: 5 }], ["b", 9, S]) }
    ],
    expected: [
      { events: [], pages: 1 },
      { events: ["Changed a RUNNING->RUNNING [tokens]"], pages: 1 },
      { events: ["Changed a RUNNING->SUCCEEDED [status]", "Finished a SUCCEEDED"], pages: 1 },
      { events: [], pages: 1 }
    ]
  },
  {
    name: "initial: every job of the first poll is Added, final ones without Finished",
    initial: true,
    polls: [{ jobs: list(["a", 10, R], ["b", 9, S], ["c", 8, Q]) }],
    expected: [{ events: ["Added a RUNNING", "Added b SUCCEEDED", "Added c QUEUED"], pages: 2 }]
  },
  {
    name: "new jobs above the frontier are Added; a new final one is Finished at once",
    polls: [
      { jobs: list(["a", 10, S]) },
      { jobs: list(["c", 12, S], ["b", 11, Q], ["a", 10, S]) }
    ],
    expected: [
      { events: [], pages: 1 },
      { events: ["Added c SUCCEEDED", "Finished c SUCCEEDED", "Added b QUEUED"], pages: 2 }
    ]
  },
  {
    name: "a job created at the same instant as the frontier is new, once",
    polls: [
      { jobs: list(["a", 10, S], ["b", 9, S]) },
      { jobs: list(["a", 10, S], ["x", 10, Q], ["b", 9, S]) },
      { jobs: list(["a", 10, S], ["x", 10, Q], ["b", 9, S]) }
    ],
    expected: [
      { events: [], pages: 1 },
      // Page 1 held x, not known before: the walk goes on to page 2, all known.
      { events: ["Added x QUEUED"], pages: 2 },
      { events: [], pages: 1 }
    ]
  },
  {
    name: "below the newest job: a job not seen before is Added, a final one Finished too",
    pageSize: 10,
    polls: [
      { jobs: list(["a", 10, S], ["c", 8, R], ["d", 7, S]) },
      { jobs: list(["a", 10, S], ["b", 9, Q], ["z", 9, S], ["c", 8, R], ["d", 7, S]) }
    ],
    expected: [
      { events: [], pages: 1 },
      { events: ["Added b QUEUED", "Added z SUCCEEDED", "Finished z SUCCEEDED"], pages: 1 }
    ]
  },
  {
    name: "CANCELLING is not final: the job is followed until CANCELLED",
    polls: [
      { jobs: list(["a", 10, R]) },
      { jobs: list(["a", 10, CI]) },
      { jobs: list(["a", 10, C]) }
    ],
    expected: [
      { events: [], pages: 1 },
      { events: ["Changed a RUNNING->CANCELLING [status]"], pages: 1 },
      { events: ["Changed a CANCELLING->CANCELLED [status]", "Finished a CANCELLED"], pages: 1 }
    ]
  },
  {
    name: "an unrecognized status is not final: the job stays followed",
    polls: [
      { jobs: list(["a", 10, R]) },
      { jobs: list(["a", 10, "PAUSED"]) },
      { jobs: list(["a", 10, F]) }
    ],
    expected: [
      { events: [], pages: 1 },
      { events: ["Changed a RUNNING->PAUSED [status]"], pages: 1 },
      { events: ["Changed a PAUSED->FAILED [status]", "Finished a FAILED"], pages: 1 }
    ]
  },
  {
    name: "a followed job no longer listed is reported Missing and dropped",
    polls: [
      { jobs: list(["a", 10, R], ["b", 9, R]) },
      { jobs: list(["a", 10, R]) },
      { jobs: list(["a", 10, R]) }
    ],
    expected: [
      { events: [], pages: 1 },
      { events: ["TrackingStopped Missing [b] null"], pages: 1 },
      { events: [], pages: 1 }
    ]
  },
  {
    name: "a poll walks only down to the oldest unfinished job, and to the first page once none is left",
    polls: [
      { jobs: list(["a", 10, S], ["b", 9, S], ["c", 8, S], ["d", 7, S], ["e", 6, R], ["f", 5, S], ["g", 4, S]) },
      { jobs: list(["a", 10, S], ["b", 9, S], ["c", 8, S], ["d", 7, S], ["e", 6, R], ["f", 5, S], ["g", 4, S]) },
      { jobs: list(["a", 10, S], ["b", 9, S], ["c", 8, S], ["d", 7, S], ["e", 6, S], ["f", 5, S], ["g", 4, S]) },
      { jobs: list(["a", 10, S], ["b", 9, S], ["c", 8, S], ["d", 7, S], ["e", 6, S], ["f", 5, S], ["g", 4, S]) }
    ],
    expected: [
      { events: [], pages: 4 },
      // Page 3 holds e and f: f is older than e, so the walk stops there.
      { events: [], pages: 3 },
      { events: ["Changed e RUNNING->SUCCEEDED [status]", "Finished e SUCCEEDED"], pages: 3 },
      // Page 1 holds b, older than the frontier a: nothing below it need be seen.
      { events: [], pages: 1 }
    ]
  },
  {
    name: "the window: jobs created at or before windowAfter are never reported nor walked past",
    windowAfter: 8,
    initial: true,
    polls: [
      { jobs: list(["a", 10, R], ["b", 9, S], ["c", 8, R], ["d", 7, R], ["e", 6, R]) },
      { jobs: list(["a", 10, S], ["b", 9, S], ["c", 8, S], ["d", 7, R], ["e", 6, R]) }
    ],
    expected: [
      { events: ["Added a RUNNING", "Added b SUCCEEDED"], pages: 2 },
      { events: ["Changed a RUNNING->SUCCEEDED [status]", "Finished a SUCCEEDED"], pages: 1 }
    ]
  },
  {
    name: "maxPages: a first poll that cannot reach the end says where it stopped",
    maxPages: 2,
    polls: [{ jobs: list(["a", 10, S], ["b", 9, S], ["c", 8, R], ["d", 7, S], ["e", 6, R]) }],
    expected: [{ events: ["TrackingStopped MaxPagesPerPoll [] 7"], pages: 2, truncated: true }]
  },
  {
    name: "maxPages: followed jobs beyond the pages a poll may fetch are dropped, as last seen",
    maxPages: 2,
    polls: [
      { jobs: list(["c", 8, R], ["d", 7, S], ["e", 6, R]) },
      { jobs: list(["n", 12, Q], ["m", 11, Q], ["c", 8, S], ["d", 7, S], ["e", 6, S]) },
      { jobs: list(["n", 12, Q], ["m", 11, Q], ["c", 8, S], ["d", 7, S], ["e", 6, S]) }
    ],
    expected: [
      { events: [], pages: 2 },
      {
        events: [
          "Added n QUEUED",
          "Added m QUEUED",
          "Changed c RUNNING->SUCCEEDED [status]",
          "Finished c SUCCEEDED",
          "TrackingStopped MaxPagesPerPoll [e] 7"
        ],
        pages: 2,
        truncated: true
      },
      // Only n and m are followed now, both on page 1, all known: the walk stops there.
      { events: [], pages: 1 }
    ]
  },
  {
    name: "a job without a creation date comes last: a followed one keeps every walk going to the end",
    polls: [
      { jobs: list(["a", 10, S], ["b", 9, S], ["c", 8, S], ["u", null, R]) },
      { jobs: list(["a", 10, S], ["b", 9, S], ["c", 8, S], ["u", null, R]) },
      { jobs: list(["a", 10, S], ["b", 9, S], ["c", 8, S], ["u", null, S]) },
      { jobs: list(["a", 10, S], ["b", 9, S], ["c", 8, S], ["u", null, S]) }
    ],
    expected: [
      { events: [], pages: 2 },
      { events: [], pages: 2 },
      { events: ["Changed u RUNNING->SUCCEEDED [status]", "Finished u SUCCEEDED"], pages: 2 },
      { events: [], pages: 1 }
    ]
  },
  {
    name: "a walk stopped by maxPages among undated jobs has no createdBefore",
    maxPages: 1,
    polls: [{ jobs: list(["u", null, R], ["v", null, R], ["w", null, R]) }],
    expected: [{ events: ["TrackingStopped MaxPagesPerPoll [] null"], pages: 1, truncated: true }]
  },
  {
    name: "only (waitFor): the first poll stops once every id is found; later polls discover nothing",
    only: ["c", "a"],
    polls: [
      { jobs: list(["a", 10, R], ["b", 9, R], ["c", 8, S], ["d", 7, R], ["e", 6, R]) },
      { jobs: list(["n", 12, Q], ["a", 10, R], ["b", 9, S], ["c", 8, S], ["d", 7, R], ["e", 6, R]) },
      { jobs: list(["n", 12, Q], ["a", 10, F], ["b", 9, S], ["c", 8, S], ["d", 7, R], ["e", 6, R]) }
    ],
    expected: [
      { events: ["Added a RUNNING", "Added c SUCCEEDED"], pages: 2 },
      // Page 1 holds a, the one still followed: nothing else is looked for.
      { events: [], pages: 1 },
      { events: ["Changed a RUNNING->FAILED [status]", "Finished a FAILED"], pages: 1 }
    ]
  },
  {
    name: "only (waitFor): an id not listed makes the first poll walk the whole list",
    only: ["b", "zz"],
    polls: [{ jobs: list(["a", 10, R], ["b", 9, R], ["c", 8, S], ["d", 7, R], ["e", 6, R]) }],
    expected: [{ events: ["Added b RUNNING"], pages: 3 }]
  },
  {
    name: "a poll whose attempts fail mid-walk reports each event once across its attempts",
    pageSize: 2,
    polls: [
      { jobs: list(["c", 8, R], ["d", 7, R], ["e", 6, R], ["f", 5, R]) },
      {
        jobs: list(["n", 12, Q], ["m", 11, S], ["l", 10, Q], ["c", 8, S], ["d", 7, R], ["e", 6, F], ["f", 5, R]),
        failAfter: [1, 3, 0, 2]
      },
      { jobs: list(["n", 12, R], ["m", 11, S], ["l", 10, Q], ["c", 8, S], ["d", 7, R], ["e", 6, F], ["f", 5, R]) }
    ],
    expected: [
      { events: [], pages: 2 },
      {
        events: [
          "Added n QUEUED",
          "Added m SUCCEEDED",
          "Finished m SUCCEEDED",
          "Added l QUEUED",
          "Changed c RUNNING->SUCCEEDED [status]",
          "Finished c SUCCEEDED",
          "Changed e RUNNING->FAILED [status]",
          "Finished e FAILED"
        ],
        pages: 4
      },
      { events: ["Changed n QUEUED->RUNNING [status]"], pages: 4 }
    ]
  },
  {
    name: "a status going backwards after Finished is not reported: no Added, no second Finished",
    polls: [
      { jobs: list(["a", 10, R], ["b", 9, S]) },
      { jobs: list(["a", 10, S], ["b", 9, S]) },
      { jobs: list(["a", 10, R], ["b", 9, R]) },
      { jobs: list(["a", 10, S], ["b", 9, F]) },
      { jobs: list(["a", 10, R], ["b", 9, R]) }
    ],
    expected: [
      { events: [], pages: 1 },
      { events: ["Changed a RUNNING->SUCCEEDED [status]", "Finished a SUCCEEDED"], pages: 1 },
      { events: [], pages: 1 },
      { events: [], pages: 1 },
      { events: [], pages: 1 }
    ]
  },
  {
    name: "a job listed twice, on one page or on two, is reported once, not on every poll",
    pageSize: 3,
    polls: [
      { jobs: list(["a", 10, S]) },
      { jobs: list(["n", 12, Q], ["n", 12, Q], ["m", 11, S], ["m", 11, S], ["a", 10, S], ["n", 12, Q], ["a", 10, S]) },
      { jobs: list(["n", 12, R], ["n", 12, R], ["m", 11, S], ["m", 11, S], ["a", 10, S], ["n", 12, R], ["a", 10, S]) },
      { jobs: list(["n", 12, S], ["m", 11, S], ["n", 12, S], ["a", 10, S], ["m", 11, S], ["n", 12, S], ["a", 10, S]) },
      { jobs: list(["n", 12, S], ["m", 11, S], ["n", 12, S], ["a", 10, S], ["m", 11, S], ["n", 12, S], ["a", 10, S]) }
    ],
    expected: [
      { events: [], pages: 1 },
      { events: ["Added n QUEUED", "Added m SUCCEEDED", "Finished m SUCCEEDED"], pages: 3 },
      { events: ["Changed n QUEUED->RUNNING [status]"], pages: 1 },
      { events: ["Changed n RUNNING->SUCCEEDED [status]", "Finished n SUCCEEDED"], pages: 1 },
      { events: [], pages: 1 }
    ]
  },
  {
    name: "creation times out of order: a future-dated job hides nothing below it",
    pageSize: 2,
    polls: [
      { jobs: list(["a", 10, S], ["b", 9, S]) },
      { jobs: list(["future", 1000, Q], ["a", 10, S], ["b", 9, S]) },
      { jobs: list(["future", 1000, Q], ["late", 11, Q], ["c", 12, F], ["a", 10, S], ["b", 9, S]) },
      { jobs: list(["future", 1000, R], ["old", 3, F], ["late", 11, Q], ["c", 12, F], ["a", 10, S], ["b", 9, S]) }
    ],
    expected: [
      { events: [], pages: 1 },
      { events: ["Added future QUEUED"], pages: 2 },
      // Created before the newest job seen (future), and listed below it: still new, once.
      { events: ["Added late QUEUED", "Added c FAILED", "Finished c FAILED"], pages: 3 },
      // A job dated before all the others, listed among known ones and already final: new all the same.
      { events: ["Changed future QUEUED->RUNNING [status]", "Added old FAILED", "Finished old FAILED"], pages: 2 }
    ]
  },
  {
    name: "a poll failing mid-walk loses nothing its failed attempt had not reached, whatever the creation times",
    pageSize: 2,
    polls: [
      { jobs: list(["a", 10, S], ["b", 9, S]) },
      {
        // The failed attempt saw n (100) and a; the retry must still reach x, dated between them.
        jobs: list(["n", 100, Q], ["a", 10, S], ["x", 50, S], ["y", 8, Q], ["b", 9, S]),
        failAfter: [1]
      }
    ],
    expected: [
      { events: [], pages: 1 },
      { events: ["Added n QUEUED", "Added x SUCCEEDED", "Finished x SUCCEEDED", "Added y QUEUED"], pages: 3 }
    ]
  },
  {
    name: "the walk goes past a page of known jobs only while a followed job is not seen",
    pageSize: 2,
    polls: [
      { jobs: list(["a", 10, S], ["b", 9, S], ["c", 8, S], ["d", 7, R]) },
      { jobs: list(["a", 10, S], ["b", 9, S], ["c", 8, S], ["d", 7, R]) },
      { jobs: list(["a", 10, S], ["b", 9, S], ["c", 8, S], ["d", 7, S]) },
      { jobs: list(["a", 10, S], ["b", 9, S], ["c", 8, S], ["d", 7, S]) }
    ],
    expected: [
      { events: [], pages: 2 },
      { events: [], pages: 2 },
      { events: ["Changed d RUNNING->SUCCEEDED [status]", "Finished d SUCCEEDED"], pages: 2 },
      { events: [], pages: 1 }
    ]
  }
]

describe("Watch polls", () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(run(c)).toEqual(c.expected)
    })
  }

  it("a completed poll remembers the unfinished jobs and the ids of the final ones, nothing else", () => {
    const state = Watch.makeState<TestJob>()
    const config: Watch.Config<TestJob> = { initial: false, only: undefined, accessors }
    attempt(state, config, list(["a", 10, S], ["b", 10, R], ["c", 9, R]), 3, Infinity, undefined)
    expect(state.polls).toBe(1)
    expect([...state.tracked.keys()]).toEqual(["b", "c"])
    expect([...state.settled]).toEqual([["a", 1]])
  })

  it("the window is fixed by the first call", () => {
    const state = Watch.makeState<TestJob>()
    Watch.startWindow(state, 5, 8)
    Watch.startWindow(state, 100, undefined)
    expect(state.windowAfter).toBe(8)
    const config: Watch.Config<TestJob> = { initial: false, only: undefined, accessors }
    attempt(state, config, list(), 2, Infinity, undefined)
    expect(attempt(state, config, list(["a", 9, Q], ["b", 8, Q]), 2, Infinity, undefined).out).toEqual([
      "Added a QUEUED"
    ])
  })
})

describe("Watch.changedFields", () => {
  const table: ReadonlyArray<readonly [string, Record<string, unknown>, Record<string, unknown>, Array<string>]> = [
    ["nothing changed", { status: R, n: 1 }, { status: R, n: 1 }, []],
    ["in the order of the new job's fields", { a: 1, b: 2, c: 3 }, { c: 4, b: 2, a: 0 }, ["c", "a"]],
    ["a field the new job lost comes last", { a: 1, gone: 2, b: 3 }, { b: 4, a: 1 }, ["b", "gone"]],
    ["a new field", { a: 1 }, { a: 1, extra: null }, ["extra"]],
    ["null against a value", { reason: null }, { reason: { message: "boom" } }, ["reason"]],
    ["plain data by value", { params: { t: 0.5, stop: ["x"] } }, { params: { t: 0.5, stop: ["x"] } }, []],
    ["plain data that differs", { params: { t: 0.5 } }, { params: { t: 0.7 } }, ["params"]],
    ["dates by their instant", { at: new Instant(1000, "UTC") }, { at: new Instant(1000, "Europe/Paris") }, []],
    ["dates at different instants", { at: new Instant(1000) }, { at: new Instant(2000) }, ["at"]],
    ["a date against a string", { at: new Instant(1000) }, { at: "1970-01-01T00:00:01Z" }, ["at"]],
    ["1 against \"1\"", { n: 1 }, { n: "1" }, ["n"]]
  ]
  for (const [name, before, after, fields] of table) {
    it(name, () => {
      expect(Watch.changedFields(before, after, accessors.dateMillis)).toEqual(fields)
    })
  }
})

describe("Watch ranges", () => {
  const mark = (t: number, ...ids: Array<string>): Watch.Mark => ({ t, ids: new Set(ids) })
  const range = (top: Watch.Mark, bottom: Watch.Mark): Watch.Range => ({ top, bottom })

  it("covers: strictly inside, or at an end with the id seen there", () => {
    const r = range(mark(10, "a"), mark(5, "e"))
    const table: ReadonlyArray<readonly [number, string, boolean]> = [
      [7, "x", true],
      [10, "a", true],
      [10, "b", false],
      [5, "e", true],
      [5, "f", false],
      [11, "a", false],
      [4, "e", false]
    ]
    for (const [t, id, inside] of table) expect([t, id, Watch.covers(r, t, id)]).toEqual([t, id, inside])
    expect(Watch.covers(undefined, 7, "x")).toBe(false)
  })

  it("extend: from nothing, then at each end", () => {
    const steps: ReadonlyArray<readonly [number, string, Watch.Range]> = [
      [7, "a", range(mark(7, "a"), mark(7, "a"))],
      [7, "b", range(mark(7, "a", "b"), mark(7, "a", "b"))],
      [9, "c", range(mark(9, "c"), mark(7, "a", "b"))],
      [3, "d", range(mark(9, "c"), mark(3, "d"))],
      [3, "e", range(mark(9, "c"), mark(3, "d", "e"))],
      [5, "f", range(mark(9, "c"), mark(3, "d", "e"))]
    ]
    let r: Watch.Range | undefined
    for (const [t, id, expected] of steps) {
      r = Watch.extend(r, t, id)
      expect(r).toEqual(expected)
    }
  })

  it("union: the newer top and the older bottom, ids merged at an equal instant", () => {
    const table: ReadonlyArray<readonly [Watch.Range | undefined, Watch.Range | undefined, Watch.Range | undefined]> = [
      [undefined, undefined, undefined],
      [range(mark(9, "a"), mark(5, "b")), undefined, range(mark(9, "a"), mark(5, "b"))],
      [undefined, range(mark(9, "a"), mark(5, "b")), range(mark(9, "a"), mark(5, "b"))],
      [range(mark(9, "a"), mark(5, "b")), range(mark(7, "c"), mark(2, "d")), range(mark(9, "a"), mark(2, "d"))],
      [
        range(mark(9, "a"), mark(5, "b")),
        range(mark(9, "c"), mark(5, "d")),
        range(mark(9, "a", "c"), mark(5, "b", "d"))
      ]
    ]
    for (const [a, b, expected] of table) expect(Watch.union(a, b)).toEqual(expected)
  })
})

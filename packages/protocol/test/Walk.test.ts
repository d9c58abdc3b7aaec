import { describe, expect, it } from "vitest"
import * as Walk from "../src/Walk.js"

interface Job {
  readonly name: string
  readonly at: number | null
}

const job = (name: string, at: number | null): Job => ({ name, at })
const guard = (startCursor: string | null = null) => new Walk.RewindGuard<Job>(startCursor, (j) => j.name, (j) => j.at)
const ledBack = (index: number, name: string) =>
  `page ${index} repeats job ${name} of the page before it: the cursor led back`
const newer = (index: number, name: string) =>
  `page ${index} holds job ${name}, created after jobs already delivered (the list is newest first): ` +
  `the cursor led back`

const twice = (index: number, name: string) => `page ${index} lists job ${name} twice: a walk delivers each job once`
const again = (index: number, name: string) =>
  `page ${index} lists job ${name} again, already delivered by an earlier page: a walk delivers each job once`

describe("Walk.RewindGuard.check", () => {
  // Each case: the pages delivered before, then the page checked (its index is the number of pages before).
  const table: ReadonlyArray<
    readonly [string, ReadonlyArray<ReadonlyArray<Job>>, ReadonlyArray<Job>, string | undefined]
  > = [
    ["the first page's order is not checked", [], [job("a", 5), job("b", 9)], undefined],
    // A job id at most once per walk: listed twice on one page, or again on any later page.
    ["a job twice on the first page", [], [job("a", 5), job("a", 5)], twice(0, "a")],
    ["a job twice on a later page", [[job("a", 300)]], [job("b", 200), job("b", 200)], twice(1, "b")],
    ["older jobs follow", [[job("a", 300), job("b", 200)]], [job("c", 100), job("d", 50)], undefined],
    ["a job as old as the oldest delivered", [[job("a", 300), job("b", 200)]], [job("c", 200)], undefined],
    ["a job of the page before", [[job("a", 300), job("b", 200)]], [job("c", 100), job("b", 200)], ledBack(1, "b")],
    [
      "the repeat is named before a later newer job",
      [[job("a", 300)]],
      [job("a", 300), job("z", 900)],
      ledBack(1, "a")
    ],
    ["a job newer than one delivered", [[job("a", 300), job("b", 200)]], [job("c", 250)], newer(1, "c")],
    [
      "newer than an earlier page's oldest",
      [[job("a", 300), job("b", 100)], [job("c", 90)]],
      [job("d", 95)],
      newer(2, "d")
    ],
    [
      "a job of an earlier page, even without dates",
      [[job("a", null), job("b", null)], [job("c", null)]],
      [job("a", null)],
      again(2, "a")
    ],
    [
      "a job of an earlier page with an older creation time",
      [[job("a", 300), job("b", 200)], [job("c", 100)]],
      [job("d", 90), job("a", 80)],
      again(2, "a")
    ],
    ["undated jobs never look newer", [[job("a", 300)]], [job("b", null), job("c", null)], undefined],
    ["undated delivered jobs set no bound", [[job("a", null)]], [job("b", 5_000)], undefined],
    ["undated jobs still repeat", [[job("a", null)]], [job("a", null)], ledBack(1, "a")],
    ["an empty page between does not hide a repeat", [[job("a", 300)], []], [job("a", 300)], again(2, "a")]
  ]
  for (const [name, before, page, problem] of table) {
    it(name, () => {
      const g = guard()
      for (const delivered of before) g.delivered(delivered)
      expect(g.check(page, before.length)).toBe(problem)
    })
  }
})

describe("Walk.RewindGuard.checkEmpty", () => {
  it("follows up to maxEmptyPages empty pages in a row with a next cursor, then refuses the next", () => {
    expect(Walk.maxEmptyPages).toBe(100)
    const g = guard()
    for (let i = 0; i < Walk.maxEmptyPages; i++) expect(g.checkEmpty([], i, `c${i}`)).toBeUndefined()
    expect(g.checkEmpty([], 100, "c100")).toBe(Walk.emptyChainDetail(100, 101))
    expect(Walk.emptyChainDetail(100, 101)).toContain("101 empty pages in a row")
  })

  it("a page with a job, or the last page, starts the count again", () => {
    const g = guard()
    for (let i = 0; i < Walk.maxEmptyPages; i++) g.checkEmpty([], i, `c${i}`)
    expect(g.checkEmpty([job("a", 1)], 100, "c100")).toBeUndefined()
    for (let i = 0; i < Walk.maxEmptyPages; i++) expect(g.checkEmpty([], 101 + i, `d${i}`)).toBeUndefined()
    expect(g.checkEmpty([], 201, null)).toBeUndefined()
  })
})

describe("Walk.RewindGuard.rememberCursor", () => {
  it("tells a cursor already followed, the start cursor included", () => {
    const g = guard("start")
    expect(g.rememberCursor("start")).toBe(true)
    expect(g.rememberCursor("c1")).toBe(false)
    expect(g.rememberCursor("c2")).toBe(false)
    expect(g.rememberCursor("c1")).toBe(true)
  })

  it("remembers the last 512 cursors", () => {
    expect(Walk.cursorWindow).toBe(512)
    const g = guard()
    for (let i = 0; i < Walk.cursorWindow; i++) expect(g.rememberCursor(`c${i}`)).toBe(false)
    expect(g.rememberCursor("c0")).toBe(true)
    expect(g.rememberCursor(`c${Walk.cursorWindow - 1}`)).toBe(true)
    // One more pushes the oldest out of the window.
    expect(g.rememberCursor(`c${Walk.cursorWindow}`)).toBe(false)
    expect(g.rememberCursor("c1")).toBe(true)
    expect(g.rememberCursor("c0")).toBe(false)
    // Remembering c0 again pushed c1 out.
    expect(g.rememberCursor("c1")).toBe(false)
    expect(g.rememberCursor("c2")).toBe(false)
    expect(g.rememberCursor(`c${Walk.cursorWindow}`)).toBe(true)
  })

  it("a start cursor takes a place in the window", () => {
    const g = guard("start")
    for (let i = 1; i < Walk.cursorWindow; i++) g.rememberCursor(`c${i}`)
    expect(g.rememberCursor("start")).toBe(true)
    g.rememberCursor("one more")
    expect(g.rememberCursor("start")).toBe(false)
  })
})

describe("Walk.olderCut", () => {
  const at = (j: Job) => j.at
  const page = [job("a", 500), job("b", null), job("c", 300), job("d", 200), job("e", null), job("f", 100)]
  const table: ReadonlyArray<readonly [string, ReadonlyArray<Job>, number, ReadonlyArray<string> | undefined]> = [
    ["nothing at or before: no cut", page, 50, undefined],
    ["an empty page: no cut", [], 50, undefined],
    ["an undated page: no cut", [job("a", null), job("b", null)], 50, undefined],
    ["a cut keeps newer and undated jobs, in order", page, 250, ["a", "b", "c", "e"]],
    ["a job created exactly at createdAfter is cut", page, 300, ["a", "b", "e"]],
    ["every dated job cut", page, 1000, ["b", "e"]],
    ["the first job already old", [job("a", 10), job("b", 20)], 15, ["b"]]
  ]
  for (const [name, jobs, createdAfter, kept] of table) {
    it(name, () => {
      const cut = Walk.olderCut(jobs, createdAfter, at)
      expect(cut === undefined ? undefined : cut.map((j) => j.name)).toStrictEqual(kept)
    })
  }
})

describe("Walk.repeatedCursorDetail", () => {
  it("names the page and the cursor", () => {
    expect(Walk.repeatedCursorDetail(3, "abc")).toBe("page 3 returned next_cursor abc, which this walk already used")
  })
})

describe("Walk parameters", () => {
  const table: ReadonlyArray<readonly [string, (n: number) => string | undefined, number, string | undefined]> = [
    ["prefetch 0", Walk.prefetchProblem, 0, undefined],
    ["prefetch 1", Walk.prefetchProblem, Walk.defaultPrefetch, undefined],
    ["prefetch 8", Walk.prefetchProblem, 8, undefined],
    ["prefetch -1", Walk.prefetchProblem, -1, "expected a whole number >= 0, got -1"],
    ["prefetch 1.5", Walk.prefetchProblem, 1.5, "expected a whole number >= 0, got 1.5"],
    ["prefetch Infinity", Walk.prefetchProblem, Infinity, "expected a whole number >= 0, got Infinity"],
    ["maxPages 1", Walk.maxPagesProblem, 1, undefined],
    ["maxPages 0", Walk.maxPagesProblem, 0, "expected a whole number >= 1, got 0"],
    ["maxPages NaN", Walk.maxPagesProblem, NaN, "expected a whole number >= 1, got NaN"],
    ["maxJobs 1", Walk.maxJobsProblem, 1, undefined],
    ["maxJobs 0", Walk.maxJobsProblem, 0, "expected a whole number >= 1, got 0"],
    ["maxJobs 2.5", Walk.maxJobsProblem, 2.5, "expected a whole number >= 1, got 2.5"]
  ]
  it.each(table)("%s", (_, problem, n, expected) => {
    expect(problem(n)).toBe(expected)
  })
})

describe("pageLimit", () => {
  const table: ReadonlyArray<[number, number, number, number]> = [
    [100, Infinity, 0, 100],
    [100, 10, 0, 10],
    [100, 150, 100, 50],
    [10, 25, 20, 5],
    [10, 25, 10, 10]
  ]
  it.each(table)("page size %i, maxJobs %s, %i delivered: limit %i", (pageSize, maxJobs, delivered, expected) => {
    expect(Walk.pageLimit(pageSize, maxJobs, delivered)).toBe(expected)
  })
})

describe("Walk.IdFingerprints", () => {
  const cases: ReadonlyArray<readonly [string, ReadonlyArray<string>, string, boolean]> = [
    ["an empty set has nothing", [], "job_1", false],
    ["an added id", ["job_1"], "job_1", true],
    ["another id", ["job_1"], "job_2", false],
    ["the empty id", [""], "", true],
    ["not the empty id when another was added", ["a"], "", false],
    ["ids differing in case", ["job_A"], "job_a", false],
    ["ids beyond ASCII", ["job_é", "job_😀"], "job_😀", true],
    ["a prefix of an added id", ["job_12"], "job_1", false]
  ]
  for (const [name, added, probe, expected] of cases) {
    it(name, () => {
      const set = new Walk.IdFingerprints(1)
      for (const id of added) set.add(id)
      expect(set.has(probe)).toBe(expected)
    })
  }

  it("add tells an id already there and counts each once", () => {
    const set = new Walk.IdFingerprints(7)
    expect(set.add("a")).toBe(false)
    expect(set.add("b")).toBe(false)
    expect(set.add("a")).toBe(true)
    expect(set.size).toBe(2)
  })

  it("grows past its first table and keeps every id, with no false positive among 200k others", () => {
    for (const seed of [0, 1, 0xffffffff]) {
      const set = new Walk.IdFingerprints(seed)
      const n = 100_000
      let already = 0
      for (let i = 0; i < n; i++) if (set.add(`job_${i}`)) already++
      let lost = 0
      for (let i = 0; i < n; i++) if (!set.has(`job_${i}`)) lost++
      let falsePositives = 0
      for (let i = n; i < 3 * n; i++) if (set.has(`job_${i}`)) falsePositives++
      expect({ seed, size: set.size, already, lost, falsePositives }).toEqual({
        seed,
        size: n,
        already: 0,
        lost: 0,
        falsePositives: 0
      })
    }
  })
})

describe("Walk.RewindGuard with many pages", () => {
  it("refuses a job of the first page after 1000 pages, and no other", () => {
    const g = new Walk.RewindGuard<Job>(null, (j) => j.name, (j) => j.at, 11)
    const pages = 1000
    for (let p = 0; p < pages; p++) {
      const page = Array.from({ length: 100 }, (_, i) => job(`job_${p}_${i}`, null))
      expect(g.check(page, p)).toBeUndefined()
      g.delivered(page)
    }
    expect(g.check([job("job_new", null), job("job_0_42", null)], pages)).toBe(again(pages, "job_0_42"))
  })
})

describe("Walk.RewindGuard: the fingerprints check takes are the ones delivered adds", () => {
  it("a page passed, then another refused half way, then the first delivered: its jobs are known", () => {
    const g = guard()
    const first = [job("a", 300), job("b", 200), job("c", 100)]
    expect(g.check(first, 0)).toBeUndefined()
    // Refused at its second job, after its first job's fingerprint was taken.
    expect(g.check([job("x", 90), job("x", 80), job("y", 70)], 0)).toBe(twice(0, "x"))
    g.delivered(first)
    expect(g.check([job("d", 50), job("a", 40)], 1)).toBe(ledBack(1, "a"))
    expect(g.check([job("d", 50), job("e", 40)], 1)).toBeUndefined()
    g.delivered([job("d", 50), job("e", 40)])
    expect(g.check([job("f", 30), job("c", 20)], 2)).toBe(again(2, "c"))
    expect(g.check([job("f", 30), job("x", 20)], 2)).toBeUndefined()
  })

  it("a page delivered without a check (or after another's check) is hashed then", () => {
    const g = guard()
    const first = [job("a", 300), job("b", 200)]
    expect(g.check([job("q", 400)], 0)).toBeUndefined()
    g.delivered(first)
    expect(g.check([job("c", 100)], 1)).toBeUndefined()
    g.delivered([job("c", 100)])
    expect(g.check([job("d", 50), job("b", 40)], 2)).toBe(again(2, "b"))
    expect(g.check([job("d", 50), job("q", 40)], 2)).toBeUndefined()
  })

  it("pages larger than the first array of fingerprints", () => {
    const g = guard()
    const big = Array.from({ length: 1000 }, (_, i) => job(`job_${i}`, 10_000 - i))
    expect(g.check(big, 0)).toBeUndefined()
    g.delivered(big)
    expect(g.check([job("job_1000", 2)], 1)).toBeUndefined()
    g.delivered([job("job_1000", 2)])
    expect(g.check([job("job_1001", 1), job("job_999", 0)], 2)).toBe(again(2, "job_999"))
    expect(g.check([job("job_1001", 1), job("job_0", 0)], 2)).toBe(again(2, "job_0"))
  })
})

// The fault matrix over real sockets: every fault kind of the emulator and the hostile cases, on
// the first, a middle and the last page, for `jobs`, `pages` with prefetch 0 and 1, and
// `listAllJobs`. Each cell asserts the jobs delivered (exactly once, in order), the requests made,
// the waits (Retry-After honoured) and the error's tag; the results table of docs/reliability.md is
// written from what the cells observed (see harness.ts for how the page is kept honest).
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import { SutroClient } from "@sutro-effect/client"
import type { SutroError } from "@sutro-effect/core"
import { Emulator, Fault } from "@sutro-effect/emulator"
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { apiKey, Canary, syncSection } from "./harness.js"

const total = 250
const pageSize = 50
const seed = 7
const maxRetries = 2
const baseDelay = 5
const maxResponseBytes = 16 * 1024 * 1024

type Op = "jobs" | "pages0" | "pages1" | "listAllJobs"
type Position = "first" | "middle" | "last"
const ops: ReadonlyArray<Exclude<Op, "listAllJobs">> = ["jobs", "pages0", "pages1"]
const positions: ReadonlyArray<Position> = ["first", "middle", "last"]
const pageOf: Record<Position, number> = { first: 0, middle: 2, last: 4 }

/** What a cell must end with, as a function of the faulted page `p` (0 for listAllJobs). */
type Expected =
  | { readonly _tag: "All"; readonly extraRequests: number }
  | {
    readonly _tag: "Fails"
    readonly error: SutroError.SutroError["_tag"]
    /** Attempts of the failing request, as `error.attempts` counts them. */
    readonly attempts: number
    /** Pages delivered before the failure, counted from the faulted page (0: none of it, 1: it too). */
    readonly throughFaulted: 0 | 1
    /** Requests after the faulted page's own (a rewound walk fetches the offending page). */
    readonly laterRequests?: number
  }

interface Kind {
  readonly name: string
  readonly fault: (scope: { readonly cursor?: string }) => Fault.Fault
  readonly expected: Expected
  /** Where the fault cannot apply (no cursor on the first page, no next_cursor on the last). */
  readonly skip?: (op: Op, position: Position | undefined) => boolean
  readonly paginatedOnly?: boolean
  readonly options?: Partial<SutroClient.Options>
  /** The waits (ms) the retry policy must have chosen. */
  readonly waits: ReadonlyArray<number> | "http-date"
  /** More checks on the error: a list of what is wrong. */
  readonly check?: (error: SutroError.SutroError, cell: CellContext) => Array<string>
  /** Relies on the client hardening of issue 8 (items 1-5). */
  readonly hardening?: true
  /** Large bodies: its cells run one at a time, to bound memory. */
  readonly heavy?: true
  /**
   * A smaller case run first: if it is slow, the row fails at once instead of running 1 MB bodies
   * through code that may be quadratic (synchronous work no test timeout can stop).
   */
  readonly probe?: Kind
}

interface CellContext {
  readonly offendingCursor: string | undefined
}

const transient = (name: string, fault: Kind["fault"], options?: Partial<SutroClient.Options>): Kind => ({
  name,
  fault,
  expected: { _tag: "All", extraRequests: 1 },
  waits: [baseDelay],
  ...(options === undefined ? {} : { options })
})

const fails = (
  name: string,
  fault: Kind["fault"],
  error: SutroError.SutroError["_tag"],
  attempts: number,
  extra: Partial<Kind> = {}
): Kind => ({
  name,
  fault,
  expected: { _tag: "Fails", error, attempts, throughFaulted: 0 },
  waits: attempts === 1 ? [] : Array.from({ length: attempts - 1 }, (_, i) => baseDelay * 2 ** i),
  ...extra
})

const persistent = maxRetries + 1

const isWellFormed = (s: string) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s)

/** An excerpt of a hostile body: short, one line, no broken surrogate pair. */
const shortExcerpt = (text: string | undefined, max: number, what: string): Array<string> => {
  if (text === undefined) return []
  const problems: Array<string> = []
  if (text.length > max) problems.push(`${what} is ${text.length} chars (max ${max})`)
  if (!isWellFormed(text)) problems.push(`${what} has a lone surrogate`)
  return problems
}

const hostileServer = (error: SutroError.SutroError): Array<string> =>
  error._tag === "ServerError" ? shortExcerpt(error.detail, 300, "ServerError.detail") : []

const tooLarge = (error: SutroError.SutroError): Array<string> => {
  if (error._tag !== "DecodeError") return []
  const problems: Array<string> = []
  if ((error.kind as string) !== "TooLarge") problems.push(`kind ${error.kind}, expected TooLarge`)
  if (!/maxResponseBytes/.test(error.message)) problems.push("the message does not say to raise maxResponseBytes")
  if (!/16(\s?MiB|,?777,?216)/.test(error.message)) problems.push("the message does not name the 16 MiB limit")
  return problems
}

const kinds: ReadonlyArray<Kind> = [
  transient("Status 500", (s) => Fault.Status.make({ status: 500, ...s })),
  transient("Status 503", (s) => Fault.Status.make({ status: 503, ...s })),
  transient("Status 504", (s) => Fault.Status.make({ status: 504, ...s })),
  fails(
    "Status 503 x3 (persistent)",
    (s) => Fault.Status.make({ status: 503, times: persistent, ...s }),
    "ServerError",
    persistent
  ),
  fails("Status 501", (s) => Fault.Status.make({ status: 501, ...s }), "ServerError", 1),
  fails("Status 400", (s) => Fault.Status.make({ status: 400, ...s }), "InvalidRequestError", 1),
  fails("Status 401", (s) => Fault.Status.make({ status: 401, ...s }), "AuthenticationError", 1),
  fails("Status 403", (s) => Fault.Status.make({ status: 403, ...s }), "AuthenticationError", 1),
  fails("Status 404", (s) => Fault.Status.make({ status: 404, ...s }), "ConfigurationError", 1),
  fails("Status 410", (s) => Fault.Status.make({ status: 410, ...s }), "ConfigurationError", 1),
  {
    ...transient(
      "RateLimited retry-after-ms 40",
      (s) => Fault.RateLimited.make({ format: "none", retryAfterMs: 40, ...s })
    ),
    waits: [40]
  },
  {
    ...transient("RateLimited Retry-After 1 s", (s) => Fault.RateLimited.make({ retryAfter: 1, ...s })),
    waits: [1000]
  },
  {
    ...transient(
      "RateLimited Retry-After HTTP date",
      (s) => Fault.RateLimited.make({ retryAfter: 1, format: "http-date", ...s })
    ),
    waits: "http-date"
  },
  fails(
    "RateLimited Retry-After 3600 s (over maxRetryAfter)",
    (s) => Fault.RateLimited.make({ retryAfter: 3600, ...s }),
    "RateLimitError",
    1,
    {
      check: (e) =>
        e._tag === "RateLimitError" && e.retryAfterMillis === 3_600_000 ? [] : ["retryAfterMillis is not 3600000"]
    }
  ),
  transient("Cloudflare 522", (s) => Fault.Cloudflare.make({ status: 522, ...s })),
  {
    name: "Latency 30 ms",
    fault: (s) => Fault.Latency.make({ millis: 30, ...s }),
    expected: { _tag: "All", extraRequests: 0 },
    waits: []
  },
  transient("Latency 10 s > timeout 3 s", (s) => Fault.Latency.make({ millis: 10_000, ...s }), {
    timeout: "3 seconds"
  }),
  transient("ResetBeforeHeaders", (s) => Fault.ResetBeforeHeaders.make(s)),
  transient("ResetMidBody", (s) => Fault.ResetMidBody.make(s)),
  transient("StallMidBody 10 s > timeout 3 s", (s) => Fault.StallMidBody.make({ millis: 10_000, ...s }), {
    timeout: "3 seconds"
  }),
  fails("TruncatedJson", (s) => Fault.TruncatedJson.make(s), "DecodeError", 1),
  fails("MalformedJson", (s) => Fault.MalformedJson.make(s), "DecodeError", 1),
  {
    name: "RepeatCursor",
    fault: (s) => Fault.RepeatCursor.make(s),
    expected: { _tag: "Fails", error: "PaginationError", attempts: 1, throughFaulted: 1 },
    waits: [],
    paginatedOnly: true,
    skip: (_, position) => position === "first"
  },
  {
    name: "EmptyPage",
    fault: (s) => Fault.EmptyPage.make(s),
    expected: { _tag: "All", extraRequests: 1 },
    waits: [],
    paginatedOnly: true
  },
  // ---- the hostile cases of issue 8 ----
  {
    ...fails(
      "LargeBody 16 MiB + 1, content-length",
      (s) => Fault.LargeBody.make({ bytes: maxResponseBytes + 1, ...s }),
      "DecodeError",
      1
    ),
    check: tooLarge,
    hardening: true,
    heavy: true
  },
  {
    ...fails(
      "LargeBody 16 MiB + 1, chunked",
      (s) => Fault.LargeBody.make({ bytes: maxResponseBytes + 1, contentLength: false, ...s }),
      "DecodeError",
      1
    ),
    check: tooLarge,
    hardening: true,
    heavy: true
  },
  ...(["angles", "titles", "unclosed", "nested", "multibyte"] as const).map((pattern): Kind => ({
    ...fails(
      `HostileBody 502 x3, 1 MB ${pattern}`,
      (s) => Fault.HostileBody.make({ pattern, times: persistent, ...s }),
      "ServerError",
      persistent
    ),
    check: hostileServer,
    hardening: true,
    probe: {
      ...fails(
        `HostileBody 501, 128 KB ${pattern}`,
        (s) => Fault.HostileBody.make({ pattern, status: 501, bytes: 131_072, ...s }),
        "ServerError",
        1
      ),
      check: hostileServer
    }
  })),
  {
    ...fails(
      "HostileBody 200, 1 MB angles",
      (s) => Fault.HostileBody.make({ pattern: "angles", status: 200, ...s }),
      "DecodeError",
      1
    ),
    check: (e) =>
      e._tag === "DecodeError"
        ? [...(e.kind === "NotJson" ? [] : [`kind ${e.kind}`]), ...shortExcerpt(e.excerpt, 200, "excerpt")]
        : [],
    hardening: true,
    probe: fails(
      "HostileBody 200, 128 KB angles",
      (s) => Fault.HostileBody.make({ pattern: "angles", status: 200, bytes: 131_072, ...s }),
      "DecodeError",
      1
    )
  },
  {
    ...fails("EchoAuthorization 401 JSON", (s) => Fault.EchoAuthorization.make(s), "AuthenticationError", 1),
    hardening: true
  },
  {
    ...fails(
      "EchoAuthorization 502 x3 HTML",
      (s) => Fault.EchoAuthorization.make({ status: 502, format: "html", times: persistent, ...s }),
      "ServerError",
      persistent
    ),
    hardening: true
  },
  {
    ...fails(
      "EchoAuthorization 200 text",
      (s) => Fault.EchoAuthorization.make({ status: 200, format: "text", ...s }),
      "DecodeError",
      1
    ),
    hardening: true
  },
  ...[undefined, 10].map((back): Kind => ({
    name: back === undefined ? "RewindCursor to the start" : `RewindCursor ${back} jobs back`,
    fault: (s) => Fault.RewindCursor.make({ ...(back === undefined ? {} : { back }), ...s }),
    expected: { _tag: "Fails", error: "PaginationError", attempts: 1, throughFaulted: 1, laterRequests: 1 },
    waits: [],
    paginatedOnly: true,
    check: (e, cell) =>
      e.cursor === cell.offendingCursor
        ? []
        : [`error.cursor ${e.cursor} is not the cursor that fetched the offending page`],
    hardening: true
  })),
  {
    name: "LongCursor 5,000 chars",
    fault: (s) => Fault.LongCursor.make(s),
    expected: { _tag: "All", extraRequests: 0 },
    waits: [],
    paginatedOnly: true,
    skip: (_, position) => position === "last",
    hardening: true
  }
]

interface Result {
  readonly kind: string
  readonly op: Op
  readonly position: Position | undefined
  readonly skipped: boolean
  readonly delivered: number
  readonly error: string | undefined
  readonly requests: number
  readonly waits: ReadonlyArray<number>
  readonly problems: ReadonlyArray<string>
}

const canary = new Canary()
const results: Array<Result> = []

const clientFor = (emulator: Emulator.Service, kind: Kind, delays: Array<number>) =>
  SutroClient.make({
    apiKey: Redacted.make(apiKey),
    baseUrl: emulator.url,
    timeout: "5 seconds",
    ...kind.options,
    retry: {
      maxRetries,
      baseDelay: `${baseDelay} millis`,
      factor: 2,
      maxDelay: "1 second",
      jitter: false,
      maxRetryAfter: "3 seconds",
      onRetry: (event) =>
        Effect.sync(() => {
          delays.push(Math.round(Duration.toMillis(event.delay)))
        })
    }
  })

/** The cursor of each page of the clean walk (undefined for the first), from a raw walk. */
const pageCursors = Effect.scoped(Effect.gen(function*() {
  const emulator = yield* Emulator.make({ jobs: total, seed, apiKeys: [apiKey] })
  const cursors: Array<string | undefined> = [undefined]
  let cursor: string | undefined
  for (let i = 0; i < total / pageSize; i++) {
    const page = yield* listRaw(emulator, cursor)
    cursor = page.next_cursor ?? undefined
    if (cursor !== undefined) cursors.push(cursor)
  }
  return { cursors, ids: (yield* emulator.jobs).map((job) => job.job_id) }
}))

const listRaw = (emulator: Emulator.Service, cursor: string | undefined) =>
  Effect.promise(() =>
    fetch(
      `${emulator.url}/list-jobs?limit=${pageSize}${
        cursor === undefined ? "" : `&cursor=${encodeURIComponent(cursor)}`
      }`,
      { headers: { authorization: `Key ${apiKey}` } }
    ).then((r) => r.json() as Promise<{ jobs: Array<{ job_id: string }>; next_cursor: string | null }>)
  )

/** The next_cursor the faulted page carries: for a rewind, the cursor that fetches the offending page. */
const faultedNextCursor = (kind: Kind, cursor: string | undefined) =>
  Effect.scoped(Effect.gen(function*() {
    const emulator = yield* Emulator.make({ jobs: total, seed, apiKeys: [apiKey] })
    yield* emulator.scriptFaults([kind.fault(cursor === undefined ? {} : { cursor })])
    return (yield* listRaw(emulator, cursor)).next_cursor ?? undefined
  }))

const runCell = (
  kind: Kind,
  op: Op,
  position: Position | undefined,
  reference: { readonly cursors: ReadonlyArray<string | undefined>; readonly ids: ReadonlyArray<string> },
  record = true
) =>
  Effect.scoped(Effect.gen(function*() {
    const p = position === undefined ? 0 : pageOf[position]
    const cursor = reference.cursors[p]
    const emulator = yield* Emulator.make({ jobs: total, seed, apiKeys: [apiKey] })
    const offendingCursor = kind.expected._tag === "Fails" && kind.expected.laterRequests !== undefined
      ? yield* faultedNextCursor(kind, cursor)
      : undefined
    yield* emulator.scriptFaults([kind.fault(cursor === undefined ? {} : { cursor })])
    const delays: Array<number> = []
    const sutro = yield* clientFor(emulator, kind, delays)
    const delivered: Array<string> = []
    const push = (ids: ReadonlyArray<{ readonly job_id: string }>) =>
      Effect.sync(() => {
        for (const job of ids) delivered.push(job.job_id)
      })
    const run: Effect.Effect<void, SutroError.SutroError> = op === "listAllJobs"
      ? Effect.flatMap(sutro.listAllJobs(), (all) => push(all.jobs))
      : op === "jobs"
      ? Stream.runForEach(sutro.jobs({ pageSize }), (job) => push([job]))
      : Stream.runForEach(sutro.pages({ pageSize, prefetch: op === "pages0" ? 0 : 1 }), (page) => push(page.jobs))
    const started = Date.now()
    const exit = yield* Effect.exit(canary.observe(run))
    const elapsed = Date.now() - started
    const requests = (yield* emulator.requestLog).length
    const problems: Array<string> = []
    const expected = kind.expected
    const cleanRequests = op === "listAllJobs" ? 1 : total / pageSize
    const pagesBefore = op === "listAllJobs" ? 0 : p
    let error: SutroError.SutroError | undefined
    if (Exit.isFailure(exit)) {
      canary.cause(exit.cause)
      const failure = Cause.failureOption(exit.cause)
      if (Option.isSome(failure)) error = failure.value
      else problems.push(`died: ${Cause.pretty(exit.cause).split("\n")[0]}`)
    }
    const expectIds = (count: number) => {
      const want = reference.ids.slice(0, count)
      if (delivered.length !== want.length || delivered.some((id, i) => id !== want[i])) {
        const unique = new Set(delivered).size
        problems.push(
          `delivered ${delivered.length} jobs (${unique} distinct), expected the first ${count} exactly once in order`
        )
      }
    }
    if (expected._tag === "All") {
      if (error !== undefined) problems.push(`failed with ${error._tag}: ${error.message.slice(0, 300)}`)
      expectIds(total)
      if (requests !== cleanRequests + expected.extraRequests) {
        problems.push(`${requests} requests, expected ${cleanRequests + expected.extraRequests}`)
      }
    } else {
      if (error === undefined) problems.push(`succeeded, expected ${expected.error}`)
      else {
        if (error._tag !== expected.error) problems.push(`${error._tag}, expected ${expected.error}: ${error.message}`)
        // A PaginationError is about the server's cursors, not one request: it has no attempts.
        if (expected.error !== "PaginationError" && error.attempts !== expected.attempts) {
          problems.push(`error.attempts ${error.attempts}, expected ${expected.attempts}`)
        }
        if (kind.check !== undefined) problems.push(...kind.check(error, { offendingCursor }))
      }
      expectIds((pagesBefore + expected.throughFaulted) * (op === "listAllJobs" ? 0 : pageSize))
      const want = pagesBefore + expected.attempts + (expected.laterRequests ?? 0)
      if (requests !== want) problems.push(`${requests} requests, expected ${want}`)
    }
    if (kind.waits === "http-date") {
      if (delays.length !== 1 || delays[0] > 2000) problems.push(`waits ${delays}, expected one of at most 2 s`)
    } else if (delays.join(",") !== kind.waits.join(",")) {
      problems.push(`waits [${delays}] ms, expected [${kind.waits}]`)
    }
    const waited = delays.reduce((a, b) => a + b, 0)
    // Retry-After honoured: the time that passed covers every wait the client chose.
    if (elapsed + 2 < waited) problems.push(`${elapsed} ms passed, less than the ${waited} ms of waits`)
    // Hostile bodies must not stall the client (a quadratic excerpt of 1 MB took minutes); the bound
    // is loose because this machine's other work shares the cores.
    if (kind.name.startsWith("HostileBody") && elapsed > waited + 15_000) problems.push(`took ${elapsed} ms`)
    const result: Result = {
      kind: kind.name,
      op,
      position,
      skipped: false,
      delivered: delivered.length,
      error: error?._tag,
      requests,
      waits: delays,
      problems
    }
    if (record) results.push(result)
    return result
  }))

const cellsOf = (): Array<{ op: Op; position: Position | undefined }> => [
  ...positions.flatMap((position) => ops.map((op) => ({ op, position }))),
  { op: "listAllJobs" as const, position: undefined }
]

const skipped = (kind: Kind, op: Op, position: Position | undefined) =>
  (op === "listAllJobs" && kind.paginatedOnly === true) || (kind.skip?.(op, position) ?? false)

const reference = Effect.runPromise(pageCursors)

describe.concurrent("fault matrix", () => {
  for (const kind of kinds) {
    it.live(`${kind.name}${kind.hardening ? " [hardening]" : ""}`, () =>
      Effect.gen(function*() {
        const ref = yield* Effect.promise(() => reference)
        if (kind.probe !== undefined) {
          const started = Date.now()
          const probe = yield* runCell(kind.probe, "listAllJobs", undefined, ref, false)
          // linear code reads 128 KB in milliseconds; the quadratic excerpt took about 11 s
          expect(Date.now() - started, `${kind.probe.name} took ${Date.now() - started} ms`).toBeLessThan(8_000)
          expect(probe.problems).toStrictEqual([])
        }
        const cells = cellsOf()
        const outcomes = yield* Effect.forEach(cells, ({ op, position }) => {
          if (skipped(kind, op, position)) {
            const result: Result = {
              kind: kind.name,
              op,
              position,
              skipped: true,
              delivered: 0,
              error: undefined,
              requests: 0,
              waits: [],
              problems: []
            }
            results.push(result)
            return Effect.succeed(result)
          }
          return runCell(kind, op, position, ref)
        }, { concurrency: kind.heavy ? 1 : "unbounded" })
        const problems = outcomes.flatMap((r) => r.problems.map((p) => `${r.op}@${r.position ?? "-"}: ${p}`))
        expect(problems).toStrictEqual([])
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)), 60_000)
  }
})

describe("fault matrix: what it leaves behind", () => {
  it("the secrets canary: no error, String, JSON, Cause.pretty, Debug log or span of the matrix holds the key", () => {
    const summary = canary.summary()
    expect(summary.errors).toBeGreaterThan(100)
    expect(summary.spans).toBeGreaterThan(100)
    expect(summary.logs).toBeGreaterThan(50)
    expect(canary.leaks()).toStrictEqual([])
  })

  it("docs/reliability.md shows the matrix the suite observed", () => {
    expect(results.length).toBe(kinds.length * 10)
    expect(syncSection("matrix", renderMatrix())).toBeUndefined()
  })
})

const columns: ReadonlyArray<{ op: Op; position: Position | undefined; label: string }> = [
  ...positions.flatMap((position) =>
    ops.map((op) => ({
      op,
      position,
      label: `${position} ${op === "jobs" ? "jobs" : op === "pages0" ? "pages p0" : "pages p1"}`
    }))
  ),
  { op: "listAllJobs", position: undefined, label: "listAllJobs" }
]

const describeExpected = (kind: Kind): string => {
  const e = kind.expected
  if (e._tag === "All") return e.extraRequests === 0 ? "every job" : `every job, +${e.extraRequests} request`
  const emitted = e.throughFaulted === 1 ? ", the faulted page emitted" : ""
  const next = e.laterRequests === undefined ? "" : ", before the offending page"
  return `${e.error} after ${e.attempts} attempt${e.attempts === 1 ? "" : "s"}${emitted}${next}`
}

const renderWaits = (kind: Kind): string =>
  kind.waits === "http-date" ? "≤ 2000 (date, 1 s resolution)" : kind.waits.length === 0 ? "-" : kind.waits.join(" + ")

const renderMatrix = (): string => {
  const lines: Array<string> = []
  const cells = results.filter((r) => !r.skipped)
  const good = cells.filter((r) => r.problems.length === 0).length
  lines.push(
    `${cells.length} cases (${kinds.length} fault kinds; ${results.length - cells.length} combinations that cannot ` +
      `occur are marked n/a), ${good} as expected, ${cells.length - good} not.`,
    "",
    "A cell reads `✓ <jobs delivered> · <requests>` for a walk that delivered every job exactly once and in order,",
    "or `<error tag> <jobs delivered before it> · <requests>`; ✗ marks a cell that did not behave as the",
    "`expected` column says (the suite fails then). Waits are the retry waits the client chose, in ms (jitter",
    "off: 5 ms base backoff, doubling; a server's Retry-After when it sent one), and the time that passed",
    "covered them.",
    "",
    `| fault | expected | waits | ${columns.map((c) => c.label).join(" | ")} |`,
    `|---|---|---|${columns.map(() => "---").join("|")}|`
  )
  for (const kind of kinds) {
    const row = columns.map(({ op, position }) => {
      const r = results.find((x) => x.kind === kind.name && x.op === op && x.position === position)
      if (r === undefined) return "?"
      if (r.skipped) return "n/a"
      const mark = r.problems.length === 0 ? "" : "✗ "
      return r.error === undefined
        ? `${mark}✓ ${r.delivered} · ${r.requests}`
        : `${mark}${r.error} ${r.delivered} · ${r.requests}`
    })
    lines.push(`| ${kind.name} | ${describeExpected(kind)} | ${renderWaits(kind)} | ${row.join(" | ")} |`)
  }
  const failing = results.filter((r) => r.problems.length > 0)
  if (failing.length > 0) {
    lines.push("", "Cases not as expected:", "")
    // The details (with timings and messages) are in the test's output, not here: the page must be reproducible.
    for (const r of failing) lines.push(`- ${r.kind}, ${r.op} @ ${r.position ?? "-"}`)
  }
  return lines.join("\n")
}

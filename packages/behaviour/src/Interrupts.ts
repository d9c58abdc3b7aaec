/**
 * 200 seeded random interruptions of real walks: while awaiting the headers, in the middle of a
 * body, in a Retry-After wait and between pages (the consumer holding a page). Each must return
 * promptly; afterwards no client socket may stay open and the process's handles must not grow.
 *
 * @since 0.0.0
 */
import type * as Fault from "@sutro-effect/emulator/Fault"
import * as Server from "@sutro-effect/emulator/Server"
import * as Assert from "node:assert/strict"
import type * as Net from "node:net"
import * as Canary from "./Canary.js"
import type * as Driver from "./Driver.js"
import * as Reliability from "./Reliability.js"

const count = 200
const seed = 20_261_128
const pageSize = 20
/** How long each fault holds the client: an interruption that waits for it is not prompt. */
const holdMillis = 8_000
const promptMillis = 1_500

type Stage = "awaiting headers" | "mid-body" | "Retry-After wait" | "between pages"
type Op = "jobs" | "pages p0" | "pages p1" | "listAllJobs"
const stages: ReadonlyArray<Stage> = ["awaiting headers", "mid-body", "Retry-After wait", "between pages"]

/**
 * A seeded generator (mulberry32), so the interruptions drawn are the same on every run and line.
 *
 * @since 0.0.0
 * @category constructors
 */
export const prng = (seed: number) => {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <A>(items: ReadonlyArray<A>): A => items[Math.floor(next() * items.length)]
  }
}

const sleep = (millis: number) => new Promise<void>((resolve) => setTimeout(resolve, millis))

const handles = (): Array<unknown> =>
  (process as unknown as { _getActiveHandles: () => Array<unknown> })._getActiveHandles()

/** Open sockets to (client side) and from (server side) the emulator's port. */
const sockets = (port: number) => {
  let client = 0, server = 0
  for (const handle of handles()) {
    const socket = handle as Net.Socket
    if (typeof socket.remotePort !== "number" || socket.destroyed) continue
    if (socket.remotePort === port) client++
    if (socket.localPort === port) server++
  }
  return { client, server }
}

/** Handles other than sockets to the emulator: what a leak elsewhere would add. */
const otherHandles = (port: number) =>
  handles().filter((handle) => {
    const socket = handle as Net.Socket
    return !(typeof socket.remotePort === "number" && (socket.remotePort === port || socket.localPort === port))
  }).length

const waitUntil = async (what: string, test: () => Promise<boolean>, timeoutMillis = 5_000) => {
  const deadline = Date.now() + timeoutMillis
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(2)
  }
}

const operationOf = (op: Op): Driver.Operation =>
  op === "listAllJobs"
    ? { _tag: "listAllJobs" }
    : op === "jobs"
    ? { _tag: "jobs", pageSize }
    : { _tag: "pages", pageSize, prefetch: op === "pages p0" ? 0 : 1 }

const faultFor = (stage: Stage, scope: { readonly cursor?: string }): ReadonlyArray<Fault.Fault> =>
  stage === "awaiting headers"
    ? [{ _tag: "Latency", millis: holdMillis, ...scope }]
    : stage === "mid-body"
    ? [{ _tag: "StallMidBody", millis: holdMillis, ...scope }]
    : stage === "Retry-After wait"
    ? [{ _tag: "RateLimited", format: "none", retryAfterMs: holdMillis, ...scope }]
    : []

/**
 * The interruptions for one line, as one case.
 *
 * @since 0.0.0
 * @category constructors
 */
export const suite = (driver: Driver.Driver): ReadonlyArray<Driver.Case> => [{
  name: "200 seeded random interrupts return promptly and leave no socket or handle behind",
  timeout: 180_000,
  run: async () => {
    const canary = new Canary.Canary()
    const emulator = await Server.start({ jobs: 100, seed: 5, apiKeys: [Canary.apiKey] })
    try {
      const port = Number(new URL(emulator.url).port)
      const client = await driver.client({
        apiKey: Canary.apiKey,
        baseUrl: emulator.url,
        retry: { maxRetries: 3, baseDelayMillis: 5, jitter: false, maxRetryAfterMillis: 60_000 }
      }, canary)
      let closed = false
      try {
        // the cursor of each page, from a clean walk
        const clean = await client.run({ _tag: "pages", pageSize })
        Assert.equal(clean.error, undefined)
        const cursors: Array<string | undefined> = [undefined]
        for (const page of clean.pages) if (page.nextCursor !== null) cursors.push(page.nextCursor)
        const random = prng(seed)
        const tally = new Map<string, number>()
        let maxClientSockets = 0
        let baseline = 0
        for (let i = 0; i < count; i++) {
          if (i === 20) baseline = otherHandles(port)
          const stage = random.pick(stages)
          const op: Op = random.pick<Op>(
            stage === "between pages"
              ? ["jobs", "pages p0", "pages p1"]
              : ["jobs", "pages p0", "pages p1", "listAllJobs"]
          )
          // the faulted page: any for a walk (the last one has no next page to be between)
          const page = op === "listAllJobs"
            ? 0
            : random.int(0, stage === "between pages" ? cursors.length - 2 : cursors.length - 1)
          const extraDelay = random.int(0, 20)
          tally.set(`${stage} / ${op}`, (tally.get(`${stage} / ${op}`) ?? 0) + 1)
          await emulator.clearFaults()
          await emulator.clearRequestLog()
          const scope = page === 0 || op === "listAllJobs" ? {} : { cursor: cursors[page]! }
          await emulator.scriptFaults(faultFor(stage, scope))
          const running = client.start(operationOf(op), stage === "between pages" ? { holdAt: page } : {})
          if (stage === "between pages") await running.holding
          else {
            // The fault is taken when its request arrives: from then on the client awaits the headers
            // (Latency), holds half a body (StallMidBody) or has its 429 (RateLimited, sent at once).
            await waitUntil(`${stage} on page ${page}`, async () => (await emulator.pendingFaults()).length === 0)
            if (stage === "Retry-After wait") await sleep(10)
          }
          await sleep(extraDelay)
          const started = Date.now()
          await running.interrupt()
          const took = Date.now() - started
          Assert.ok(took < promptMillis, `interrupt ${i} (${stage}, ${op}, page ${page}) took ${took} ms`)
          maxClientSockets = Math.max(maxClientSockets, sockets(port).client, await emulator.connections())
        }
        // Handles did not grow over the run (sockets to the emulator are counted apart, below).
        const after = otherHandles(port)
        Assert.ok(after <= baseline + 2, `${after} handles, ${baseline} after 20 interruptions`)
        // Idle keep-alive sockets may stay pooled while the client lives, but not pile up (the
        // emulator's count of open connections sees them even when undici unrefs them).
        Assert.ok(maxClientSockets <= 4, `${maxClientSockets} client sockets were open at once`)
        closed = true
        await client.close()
        await waitUntil("every socket to close", async () => {
          const open = sockets(port)
          return open.client === 0 && open.server === 0 && (await emulator.connections()) === 0
        }, 3_000)
        Assert.deepStrictEqual(canary.leaks(), [])
        const rows = [...tally.entries()].sort(([a], [b]) => a.localeCompare(b))
        const section = [
          `${count} interruptions drawn with seed ${seed} (stage x operation x page of ${pageSize} jobs; the fault`,
          `holds the client ${holdMillis / 1000} s, the interruption comes 0-20 ms after the stage is reached):`,
          "",
          "| stage / operation | interruptions |",
          "|---|---|",
          ...rows.map(([key, n]) => `| ${key} | ${n} |`),
          "",
          `Each returned within ${promptMillis / 1000} s (the test fails otherwise); afterwards the handles other than`,
          "sockets to the emulator had not grown, at most 4 client sockets were ever open (idle keep-alive ones),",
          "and once the client's layer closed no socket to or from the emulator remained open. Secrets canary:",
          "every error, Debug log line and span of these walks was scanned, no key found."
        ].join("\n")
        Assert.equal(Reliability.syncSection("interrupts", driver.line, section), undefined)
      } finally {
        if (!closed) await client.close()
      }
    } finally {
      await emulator.close()
    }
  }
}]

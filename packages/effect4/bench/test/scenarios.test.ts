import { describe, expect, it } from "@effect/vitest"
import * as Fs from "node:fs"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { scenarios } from "../src/scenarios.js"

// The benchmark compares only walks that see the same thing: every Effect 4 scenario must visit every
// job once, in order, on every walk of a process (the warm walks reuse the client), as packages/bench
// checks for the Effect 3 line's.

// The job of the example response of Sutro's Listing All Jobs reference (protocol's fixture), as the Effect 4 line's tests use it.
const documentedJob = JSON.parse(
  Fs.readFileSync(new URL("../../../protocol/test/fixtures/list-jobs-examples.json", import.meta.url), "utf8")
).withoutPagination.jobs[0] as Record<string, unknown>

const total = 250
const apiKey = "sk_bench_test"
// Newest first, a minute apart, as the list is ordered.
const jobs = Array.from({ length: total }, (_, i) => ({
  ...documentedJob,
  job_id: `job_${i}`,
  datetime_created: new Date(Date.UTC(2024, 5, 1) - i * 60_000).toISOString(),
  datetime_started: null,
  datetime_completed: null
}))

interface Logged {
  readonly limit: string | null
  readonly cursor: string | null
  readonly authorized: boolean
}

/** A list-jobs server on 127.0.0.1, port 0, with cursors `c<offset>`, that logs every request. */
const listServer = async () => {
  const log: Array<Logged> = []
  const server = Http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1")
    const entry = {
      limit: url.searchParams.get("limit"),
      cursor: url.searchParams.get("cursor"),
      authorized: request.headers.authorization === `Key ${apiKey}`
    }
    log.push(entry)
    if (url.pathname !== "/list-jobs" || !entry.authorized) {
      response.writeHead(url.pathname === "/list-jobs" ? 401 : 404).end()
      return
    }
    const limit = Number(entry.limit ?? total)
    const offset = entry.cursor === null ? 0 : Number(entry.cursor.slice(1))
    const next = offset + limit < total ? `c${offset + limit}` : null
    response.writeHead(200, { "content-type": "application/json" })
    response.end(JSON.stringify({ jobs: jobs.slice(offset, offset + limit), next_cursor: next }))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

describe("Effect 4 bench scenarios", () => {
  for (const [name, scenario] of Object.entries(scenarios)) {
    it(`${name}: walks every job, twice in one process, and visits them in order`, async () => {
      const server = await listServer()
      try {
        const walker = await scenario.make({ url: server.url, apiKey, pageSize: 100, prefetch: 2 })
        try {
          expect(await walker.walk()).toBe(total)
          const visited: Array<number> = []
          expect(await walker.walk((index) => visited.push(index))).toBe(total)
          expect(visited).toEqual(Array.from({ length: total }, (_, i) => i))
        } finally {
          await walker.close()
        }
        // 3 pages a walk, each asked once, authorized, with the page size: no scenario skips or repeats a page.
        const walk = [null, "c100", "c200"].map((cursor) => ({ limit: "100", cursor, authorized: true }))
        expect(server.log).toEqual([...walk, ...walk])
      } finally {
        await server.close()
      }
    })
  }
})

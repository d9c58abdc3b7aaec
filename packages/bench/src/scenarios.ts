/**
 * The ways of walking every job of the list-jobs endpoint that the benchmark compares. Each one
 * pages through the whole listing with `limit=100` and returns how many jobs it saw.
 *
 * @since 0.1.0
 */
import { BrowserSutroClient } from "@sutro-effect/browser"
import { SutroClient } from "@sutro-effect/client"
import { JobsPage } from "@sutro-effect/core"
import { NodeSutroClient } from "@sutro-effect/node"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import got from "got"

/**
 * @since 0.1.0
 * @category models
 */
export interface Target {
  readonly url: string
  readonly apiKey: string
  readonly pageSize: number
}

/**
 * @since 0.1.0
 * @category models
 */
export type Scenario = (target: Target) => Promise<number>

const pageUrl = (target: Target, cursor: string | null): string =>
  `${target.url}/list-jobs?limit=${target.pageSize}${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`

interface PageLike {
  readonly jobs: ReadonlyArray<unknown>
  readonly next_cursor: string | null
}

const fetchLoop = (decode: (json: unknown) => PageLike): Scenario => async (target) => {
  let count = 0
  let cursor: string | null = null
  do {
    const response = await fetch(pageUrl(target, cursor), {
      headers: { authorization: `Key ${target.apiKey}`, accept: "application/json" }
    })
    if (!response.ok) throw new Error(`status ${response.status}`)
    const page = decode(JSON.parse(await response.text()))
    count += page.jobs.length
    cursor = page.next_cursor
  } while (cursor)
  return count
}

/** The floor: `fetch`, `JSON.parse`, no validation at all. */
const rawFetch: Scenario = fetchLoop((json) => json as PageLike)

/** What a careful hand-written client does: `fetch`, `JSON.parse` and core's schema on every page. */
const rawFetchDecoded: Scenario = fetchLoop(Schema.decodeUnknownSync(JobsPage.JobsPage))

/** got's own pagination API, the usual choice for a Node HTTP client. */
const gotPaginate: Scenario = async (target) => {
  let count = 0
  type Body = { jobs: Array<unknown>; next_cursor: string | null }
  const pages = got.paginate<unknown, Body>(`${target.url}/list-jobs`, {
    searchParams: { limit: target.pageSize },
    headers: { authorization: `Key ${target.apiKey}`, accept: "application/json" },
    responseType: "json",
    retry: { limit: 4 },
    pagination: {
      transform: (response) => response.body.jobs,
      paginate: ({ response }) =>
        response.body.next_cursor
          ? { searchParams: { limit: target.pageSize, cursor: response.body.next_cursor } }
          : false,
      countLimit: Number.POSITIVE_INFINITY,
      requestLimit: Number.POSITIVE_INFINITY
    }
  })
  for await (const _ of pages) count++
  return count
}

const countJobs = Effect.flatMap(SutroClient.SutroClient, (client) => Stream.runCount(client.jobs({ pageSize: 100 })))

/** sutro-effect over undici (`@sutro-effect/node`). */
const sutroNode: Scenario = (target) =>
  countJobs.pipe(
    Effect.provide(NodeSutroClient.layer({ apiKey: Redacted.make(target.apiKey), baseUrl: target.url })),
    Effect.runPromise
  )

/** sutro-effect over the platform's fetch (`@sutro-effect/browser`, what a browser bundle runs). */
const sutroFetch: Scenario = (target) =>
  countJobs.pipe(
    Effect.provide(BrowserSutroClient.layer({ apiKey: Redacted.make(target.apiKey), baseUrl: target.url })),
    Effect.runPromise
  )

/**
 * @since 0.1.0
 * @category scenarios
 */
export const scenarios: Readonly<Record<string, Scenario>> = {
  "raw fetch + JSON.parse": rawFetch,
  "raw fetch + core schema": rawFetchDecoded,
  "got.paginate": gotPaginate,
  "sutro-effect (node, undici)": sutroNode,
  "sutro-effect (fetch)": sutroFetch
}

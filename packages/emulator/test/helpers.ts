import * as Effect from "effect/Effect"
import * as Http from "node:http"

export interface Reply {
  readonly status: number
  readonly headers: Http.IncomingHttpHeaders
  readonly text: string
}

/**
 * One request over a fresh connection with node:http, so that resets and cut bodies surface as
 * errors instead of being retried or hidden by a pooled client.
 */
export const request = (
  url: string,
  options: { readonly method?: string; readonly headers?: Record<string, string>; readonly body?: string } = {}
): Effect.Effect<Reply, Error> =>
  Effect.async<Reply, Error>((resume) => {
    const req = Http.request(
      url,
      { method: options.method ?? "GET", headers: options.headers, agent: false },
      (res) => {
        const chunks: Array<Buffer> = []
        res.on("data", (chunk: Buffer) => chunks.push(chunk))
        res.on("error", (error) => resume(Effect.fail(error)))
        res.on("aborted", () => resume(Effect.fail(new Error("aborted mid-body"))))
        res.on("end", () => {
          if (!res.complete) return resume(Effect.fail(new Error("incomplete body")))
          resume(
            Effect.succeed({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString("utf8")
            })
          )
        })
      }
    )
    req.on("error", (error) => resume(Effect.fail(error)))
    req.end(options.body)
  })

export const auth = (key: string) => ({ authorization: `Key ${key}` })

export const getJson = (url: string, key: string): Effect.Effect<any, Error> =>
  Effect.flatMap(request(url, { headers: auth(key) }), (reply) =>
    reply.status === 200
      ? Effect.try({ try: () => JSON.parse(reply.text), catch: (e) => e as Error })
      : Effect.fail(new Error(`status ${reply.status}: ${reply.text}`)))

/** Walks every page with `limit`, returning the job ids in the order served and the number of pages. */
export const walk = (
  base: string,
  key: string,
  limit: number,
  onPage?: (page: number) => Effect.Effect<void>
): Effect.Effect<{ ids: Array<string>; pages: number }, Error> =>
  Effect.gen(function*() {
    const ids: Array<string> = []
    let cursor: string | null = null
    let pages = 0
    do {
      const query: string = cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`
      const page: any = yield* getJson(`${base}/v1/list-jobs?limit=${limit}${query}`, key)
      pages++
      if (page.jobs.length > limit) return yield* Effect.fail(new Error(`page larger than ${limit}`))
      for (const job of page.jobs) ids.push(job.job_id)
      cursor = page.next_cursor
      if (onPage !== undefined) yield* onPage(pages)
    } while (cursor !== null)
    return { ids, pages }
  })

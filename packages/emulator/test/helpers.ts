import * as Data from "effect/Data"
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
/** A request that got no complete response; `afterHeaders` tells a reset mid-body from one before the headers. */
export class RequestError extends Data.TaggedError("RequestError")<{
  readonly message: string
  readonly code: string | undefined
  readonly afterHeaders: boolean
  readonly status: number | undefined
}> {}

/** Anything else a test helper rejects (a status or a body it did not expect). */
export class Unexpected extends Data.TaggedError("Unexpected")<{ readonly message: string }> {}

export const request = (
  url: string,
  options: { readonly method?: string; readonly headers?: Record<string, string>; readonly body?: string } = {}
): Effect.Effect<Reply, RequestError> =>
  Effect.async<Reply, RequestError>((resume) => {
    let status: number | undefined
    const fail = (error: NodeJS.ErrnoException) =>
      resume(Effect.fail(
        new RequestError({
          message: `${status !== undefined ? "after the headers" : "before any response"}: ${error.message}`,
          code: error.code,
          afterHeaders: status !== undefined,
          status
        })
      ))
    const req = Http.request(
      url,
      { method: options.method ?? "GET", headers: options.headers, agent: false },
      (res) => {
        status = res.statusCode
        const chunks: Array<Buffer> = []
        res.on("data", (chunk: Buffer) => chunks.push(chunk))
        res.on("error", fail)
        res.on("end", () => {
          if (!res.complete) return fail(new Error("incomplete body"))
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
    req.on("error", fail)
    req.end(options.body)
  })

export const auth = (key: string) => ({ authorization: `Key ${key}` })

export const getJson = (url: string, key: string): Effect.Effect<any, Unexpected | RequestError> =>
  Effect.flatMap(request(url, { headers: auth(key) }), (reply) =>
    reply.status === 200
      ? Effect.try({ try: () => JSON.parse(reply.text), catch: (e) => new Unexpected({ message: String(e) }) })
      : Effect.fail(new Unexpected({ message: `status ${reply.status}: ${reply.text}` })))

/** Walks every page with `limit`, returning the job ids in the order served and the number of pages. */
export const walk = (
  base: string,
  key: string,
  limit: number,
  onPage?: (page: number) => Effect.Effect<void>
): Effect.Effect<{ ids: Array<string>; pages: number }, Unexpected | RequestError> =>
  Effect.gen(function*() {
    const ids: Array<string> = []
    let cursor: string | null = null
    let pages = 0
    do {
      const query: string = cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`
      const page: any = yield* getJson(`${base}/v1/list-jobs?limit=${limit}${query}`, key)
      pages++
      if (page.jobs.length > limit) return yield* Effect.fail(new Unexpected({ message: `page larger than ${limit}` }))
      for (const job of page.jobs) ids.push(job.job_id)
      cursor = page.next_cursor
      if (onPage !== undefined) yield* onPage(pages)
    } while (cursor !== null)
    return { ids, pages }
  })

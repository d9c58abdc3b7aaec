import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { ApiErrorBody, Cursor, JobsPage, PageSize, SutroError, Timestamp } from "@sutro-effect/core"
import type { Job } from "@sutro-effect/core"
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Queue from "effect/Queue"
import * as Random from "effect/Random"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as RetryPolicy from "../RetryPolicy.js"
import type * as SutroClient from "../SutroClient.js"
import * as options_ from "./options.js"

/** @internal */
export const requestsTotal = Metric.counter("sutro_client_requests_total", {
  description: "list-jobs attempts sent, retries included"
})

/** @internal */
export const retriesTotal = Metric.counter("sutro_client_retries_total", {
  description: "list-jobs attempts retried"
})

/** @internal */
export const retryWaitMillis = Metric.counter("sutro_client_retry_wait_millis_total", {
  description: "time spent waiting before retries, in milliseconds"
})

/** @internal */
export const jobsTotal = Metric.counter("sutro_client_jobs_total", {
  description: "jobs received by page walks"
})

/** @internal */
export const definedOnly = <A extends object>(input: A): A => {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(input)) if (value !== undefined) out[key] = value
  return out as A
}

const defaultPageSize = 100

const platformSpanDisabled = (): boolean => true

const decodePage: Decoder<JobsPage.JobsPage> = JobsPage.decodePage
const decodeAll: Decoder<JobsPage.AllJobs> = JobsPage.decodeAllJobs

type Decoder<A> = (input: unknown) => Either.Either<A, ParseResult.ParseError>

const formatPath = (path: ReadonlyArray<PropertyKey>): string => {
  let out = ""
  for (const key of path) {
    out += typeof key === "number" ? `[${key}]` : out === "" ? String(key) : `.${String(key)}`
  }
  return out === "" ? "(root)" : out
}

const schemaDetail = (error: ParseResult.ParseError): string => {
  const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
  return issue === undefined ? error.message : `at ${formatPath(issue.path)}: ${issue.message}`
}

const firstIssueMessage = (error: ParseResult.ParseError): string => {
  const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
  return issue === undefined ? error.message : issue.message
}

const errorMessage = (cause: unknown): string => {
  if (cause instanceof Error) {
    const inner = (cause as { cause?: unknown }).cause
    return inner instanceof Error && inner.message !== cause.message
      ? `${cause.message} (${inner.message})`
      : cause.message
  }
  return String(cause)
}

interface Received {
  readonly status: number
  readonly headers: { readonly [name: string]: string | undefined }
  readonly text: string
}

/** Maps a non-2xx response to the matching error. */
const errorFor = (received: Received, url: string, nowMillis: number): SutroError.SutroError => {
  const { headers, status, text } = received
  const contentType = headers["content-type"]
  const body = ApiErrorBody.fromText(text, contentType)
  const requestId = headers["x-request-id"] ?? (body._tag === "Json" ? body.requestId : undefined)
  const detail = ApiErrorBody.summary(body)
  const bodyDetail = body._tag === "Json" ? body.detail : undefined
  if (status === 401 || status === 403) {
    return new SutroError.AuthenticationError({ status, requestId, detail: bodyDetail ?? detail })
  }
  if (status === 404 || status === 410) {
    return new SutroError.ConfigurationError({
      reason: status === 410 ? "Gone" : "NotFound",
      status,
      requestId,
      detail,
      url
    })
  }
  if (status === 429) {
    const retryAfterMillis = RetryPolicy.retryAfterFromHeaders(headers, nowMillis)
    return new SutroError.RateLimitError({ status, requestId, detail: bodyDetail ?? detail, retryAfterMillis })
  }
  if (status >= 500 || status === 408) {
    return new SutroError.ServerError({
      status,
      requestId,
      detail,
      contentType: body._tag === "NotJson" ? contentType : undefined,
      retryAfterMillis: RetryPolicy.retryAfterFromHeaders(headers, nowMillis)
    })
  }
  if (status >= 400) return new SutroError.InvalidRequestError({ status, requestId, detail })
  // 1xx and 3xx: fetch follows redirects, so one that arrives here cannot be followed.
  return new SutroError.ServerError({ status, requestId, detail: `unexpected status ${status}: ${detail}` })
}

const decodeBody = <A>(received: Received, decode: Decoder<A>): Either.Either<A, SutroError.DecodeError> => {
  const { headers, status, text } = received
  const requestId = headers["x-request-id"]
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (cause) {
    return Either.left(
      new SutroError.DecodeError({
        kind: "NotJson",
        status,
        requestId,
        detail: text.length === 0 ? "the body is empty" : errorMessage(cause),
        contentType: headers["content-type"],
        excerpt: ApiErrorBody.excerpt(text)
      })
    )
  }
  const decoded = decode(json)
  if (Either.isRight(decoded)) return Either.right(decoded.right)
  return Either.left(
    new SutroError.DecodeError({ kind: "Schema", status, requestId, detail: schemaDetail(decoded.left) })
  )
}

interface Resolved {
  readonly policy: options_.ResolvedPolicy
  readonly timeout: Duration.Duration
}

const checkTimeout = (input: Duration.DurationInput) =>
  Either.flatMap(options_.decodeDuration("timeout", input, true), (duration) =>
    Duration.toMillis(duration) === 0
      ? Either.left(new SutroError.ConfigurationError({ reason: "InvalidOption", detail: "timeout must be positive" }))
      : Either.right(duration))

const invalidParameter = (parameter: string, detail: string) =>
  new SutroError.InvalidRequestError({ parameter, detail })

const toCreatedAfterMillis = (
  input: DateTime.DateTime | Date | string
): Either.Either<number, SutroError.InvalidRequestError> => {
  let millis: number | undefined
  if (typeof input === "string") millis = Timestamp.parseMillis(input.trim())
  else if (input instanceof Date) millis = input.getTime()
  else if (DateTime.isDateTime(input)) millis = DateTime.toEpochMillis(input)
  return millis === undefined || Number.isNaN(millis)
    ? Either.left(invalidParameter("createdAfter", "expected a DateTime, a Date or an ISO 8601 date-time"))
    : Either.right(millis)
}

const positiveInt = (parameter: string, value: number, min: number) =>
  Number.isInteger(value) && value >= min
    ? Either.right(value)
    : Either.left(invalidParameter(parameter, `expected a whole number >= ${min}, got ${String(value)}`))

/** @internal */
export const make = (
  options: SutroClient.Options
): Effect.Effect<SutroClient.Service, SutroError.ConfigurationError, HttpClient.HttpClient> =>
  Effect.gen(function*() {
    const url = yield* options_.listJobsUrl(
      options.baseUrl ?? options_.defaultBaseUrl,
      options.allowInsecureHttp === true
    )
    const apiKeyOption: unknown = options.apiKey
    let apiKey: Effect.Effect<Redacted.Redacted<string>, SutroError.SutroError>
    let staticKey: Redacted.Redacted<string> | undefined
    if (Redacted.isRedacted(apiKeyOption)) {
      staticKey = yield* options_.checkApiKey(apiKeyOption as Redacted.Redacted<string>)
      apiKey = Effect.succeed(staticKey)
    } else if (Effect.isEffect(apiKeyOption)) {
      apiKey = Effect.flatMap(
        apiKeyOption as Effect.Effect<Redacted.Redacted<string>, SutroError.SutroError>,
        (key) =>
          Redacted.isRedacted(key)
            ? options_.checkApiKey(key)
            : Effect.fail(
              new SutroError.ConfigurationError({
                reason: "MissingApiKey",
                detail: "the apiKey effect must yield a Redacted string"
              })
            )
      )
    } else {
      return yield* new SutroError.ConfigurationError({
        reason: "MissingApiKey",
        detail: apiKeyOption === undefined
          ? "no apiKey given"
          : "apiKey must be a Redacted string (Redacted.make(key)) or an Effect yielding one"
      })
    }
    const basePolicy = yield* options_.resolvePolicy(options.retry)
    const baseTimeout = yield* checkTimeout(options.timeout ?? Duration.seconds(60))
    const userAgent = yield* options_.checkUserAgent(options.userAgent ?? options_.defaultUserAgent)
    const serverAddress = new URL(url).host
    const base = yield* HttpClient.HttpClient
    const client = options.transformClient === undefined ? base : options.transformClient(base)
    // The parts of a request that never change are built once; a page only adds its parameters.
    const baseRequest = HttpClientRequest.get(url, { headers: { accept: "application/json", "user-agent": userAgent } })
    const withKey = (request: HttpClientRequest.HttpClientRequest, key: Redacted.Redacted<string>) =>
      HttpClientRequest.setHeader(request, "authorization", `Key ${Redacted.value(key)}`)
    // A fixed key goes into the base request; a key effect runs before every attempt.
    const keyedRequest = staticKey === undefined ? baseRequest : withKey(baseRequest, staticKey)
    // The platform's own `http.client` span would duplicate SutroClient.request, and its trace
    // propagation would send our users' trace ids (traceparent, b3) to a third-party API: both off.
    // A transformClient may turn them back on (HttpClient.withTracerDisabledWhen(() => false)).
    const execute = (request: HttpClientRequest.HttpClientRequest) =>
      Effect.locally(client.execute(request), HttpClient.currentTracerDisabledWhen, platformSpanDisabled)
    const send = staticKey === undefined
      ? (request: HttpClientRequest.HttpClientRequest) =>
        Effect.flatMap(apiKey, (key) => execute(withKey(request, key)))
      : execute
    const defaults: Resolved = { policy: basePolicy, timeout: baseTimeout }

    const resolveCall = (call: SutroClient.CallOptions | undefined): Either.Either<Resolved, SutroError.SutroError> => {
      if (call === undefined || (call.retry === undefined && call.timeout === undefined)) return Either.right(defaults)
      return Either.gen(function*() {
        const policy = call.retry === undefined
          ? basePolicy
          : yield* options_.resolvePolicy(call.retry, basePolicy.policy)
        const timeout = call.timeout === undefined ? baseTimeout : yield* checkTimeout(call.timeout)
        return { policy, timeout }
      })
    }

    const readResponse = (response: HttpClientResponse.HttpClientResponse) =>
      Effect.map(response.text, (text): Received => ({ status: response.status, headers: response.headers, text }))

    const transportError = (error: HttpClientError.HttpClientError): Effect.Effect<Received, SutroError.SutroError> => {
      if (error._tag === "ResponseError") {
        // A transformClient may fail non-2xx responses (filterStatusOk); read them like any other.
        if (error.reason === "StatusCode") {
          return readResponse(error.response).pipe(
            Effect.catchAll(() =>
              Effect.succeed<Received>({ status: error.response.status, headers: error.response.headers, text: "" })
            )
          )
        }
        return Effect.fail(
          new SutroError.TransportError({
            status: error.response.status,
            detail: `the response body was cut off: ${errorMessage(error.cause ?? error)}`,
            url
          })
        )
      }
      if (error.reason === "InvalidUrl") {
        return Effect.fail(
          new SutroError.ConfigurationError({ reason: "InvalidBaseUrl", detail: errorMessage(error.cause), url })
        )
      }
      return Effect.fail(new SutroError.TransportError({ detail: errorMessage(error.cause ?? error), url }))
    }

    const attemptOnce = <A>(
      decode: Decoder<A>,
      request: HttpClientRequest.HttpClientRequest,
      fullUrl: string,
      limit: number | undefined,
      attempt: number,
      timeout: Duration.Duration
    ): Effect.Effect<A, SutroError.SutroError> => {
      const exchange = send(request).pipe(
        Effect.flatMap(readResponse),
        Effect.catchIf(HttpClientError.isHttpClientError, transportError)
      )
      const timed = Duration.isFinite(timeout)
        ? Effect.timeoutFail(exchange, {
          duration: timeout,
          onTimeout: () => new SutroError.TimeoutError({ timeoutMillis: Duration.toMillis(timeout), url })
        })
        : exchange
      return Metric.increment(requestsTotal).pipe(
        Effect.zipRight(timed),
        Effect.flatMap((received) => {
          const requestId = received.headers["x-request-id"]
          const annotate = Effect.annotateCurrentSpan(
            requestId === undefined
              ? { "http.response.status_code": received.status }
              : { "http.response.status_code": received.status, "sutro.request_id": requestId }
          )
          if (received.status >= 200 && received.status < 300) {
            return Effect.zipRight(annotate, decodeBody(received, decode))
          }
          return Effect.zipRight(
            annotate,
            Effect.flatMap(Clock.currentTimeMillis, (now) => Effect.fail(errorFor(received, url, now)))
          )
        }),
        Effect.withSpan("SutroClient.request", {
          kind: "client",
          // The stack of a retry attempt only shows the client's own frames; the call site is on
          // the listJobs/pages span. Capturing it costs more than the rest of the span.
          captureStackTrace: false,
          // What the platform's (disabled) http.client span recorded that is worth keeping.
          attributes: {
            "http.request.method": "GET",
            "server.address": serverAddress,
            "url.full": fullUrl,
            "sutro.limit": limit ?? "all",
            "sutro.attempt": attempt
          }
        })
      )
    }

    const withRetry = <A>(
      run: (attempt: number) => Effect.Effect<A, SutroError.SutroError>,
      resolved: Resolved,
      cursor: string | undefined
    ): Effect.Effect<A, SutroError.SutroError> => {
      const { maxRetries, maxRetryAfterMillis, onRetry, policy } = resolved.policy
      const loop = (attempt: number): Effect.Effect<A, SutroError.SutroError> =>
        Effect.catchAll(run(attempt), (error) => {
          const final = () => Effect.fail(SutroError.withContext(error, { attempts: attempt, cursor }))
          if (!RetryPolicy.isRetryable(error) || attempt > maxRetries) return final()
          const hint = error._tag === "RateLimitError" || error._tag === "ServerError"
            ? error.retryAfterMillis
            : undefined
          if (hint !== undefined && hint > maxRetryAfterMillis) {
            // Waiting less than the server asked would only earn another refusal: fail now, with the
            // server's wait unshortened and the limit it exceeded.
            return Effect.fail(SutroError.withContext(error, { attempts: attempt, cursor, maxRetryAfterMillis }))
          }
          return Effect.flatMap(
            hint !== undefined
              ? Effect.succeed(hint)
              : policy.jitter
              ? Effect.map(Random.next, (r) => RetryPolicy.backoffMillis(policy, attempt, r))
              : Effect.succeed(RetryPolicy.backoffMillis(policy, attempt, 0)),
            (millis) => {
              const delay = Duration.millis(millis)
              return Effect.logDebug(`retrying list-jobs in ${millis} ms after attempt ${attempt}: ${error._tag}`).pipe(
                Effect.annotateLogs({
                  attempt,
                  delayMillis: millis,
                  reason: error._tag,
                  status: error.status ?? "none",
                  serverHint: hint !== undefined
                }),
                Effect.zipRight(Metric.increment(retriesTotal)),
                Effect.zipRight(Metric.incrementBy(retryWaitMillis, millis)),
                Effect.zipRight(onRetry === undefined ? Effect.void : onRetry({ attempt, delay, error, cursor })),
                Effect.zipRight(Effect.sleep(delay)),
                Effect.zipRight(Effect.suspend(() => loop(attempt + 1)))
              )
            }
          )
        })
      return loop(1)
    }

    const fetchPage = (
      limit: PageSize.PageSize,
      cursor: Cursor.Cursor | null,
      index: number,
      resolved: Resolved
    ): Effect.Effect<SutroClient.Page, SutroError.SutroError> => {
      const request = HttpClientRequest.setUrlParams(
        keyedRequest,
        cursor === null ? [["limit", String(limit)]] : [["limit", String(limit)], ["cursor", cursor]]
      )
      const fullUrl = cursor === null
        ? `${url}?limit=${limit}`
        : `${url}?limit=${limit}&cursor=${encodeURIComponent(cursor)}`
      return withRetry(
        (attempt) => attemptOnce(decodePage, request, fullUrl, limit, attempt, resolved.timeout),
        resolved,
        cursor ?? undefined
      ).pipe(
        Effect.map((page): SutroClient.Page => ({ jobs: page.jobs, next_cursor: page.next_cursor, cursor, index }))
      )
    }

    const checkLimit = (limit: number, parameter: string) =>
      Either.mapLeft(PageSize.decode(limit), (error) => invalidParameter(parameter, firstIssueMessage(error)))

    const checkCursor = (cursor: string, parameter: string) =>
      Either.mapLeft(Cursor.decode(cursor), (error) => invalidParameter(parameter, firstIssueMessage(error)))

    const listJobs: SutroClient.Service["listJobs"] = (params, call) =>
      Effect.suspend(() =>
        Either.gen(function*() {
          const limit = yield* checkLimit(params?.limit ?? defaultPageSize, "limit")
          const cursor = params?.cursor === undefined || params.cursor === null
            ? null
            : yield* checkCursor(params.cursor, "cursor")
          const resolved = yield* resolveCall(call)
          return fetchPage(limit, cursor, 0, resolved)
        }).pipe(Effect.flatten)
      ).pipe(Effect.withSpan("SutroClient.listJobs"))

    const listAllJobs: SutroClient.Service["listAllJobs"] = (call) =>
      Effect.suspend(() =>
        Either.match(resolveCall(call), {
          onLeft: Effect.fail,
          onRight: (resolved) =>
            withRetry(
              (attempt) => attemptOnce(decodeAll, keyedRequest, url, undefined, attempt, resolved.timeout),
              resolved,
              undefined
            )
        })
      ).pipe(Effect.withSpan("SutroClient.listAllJobs"))

    type WalkState =
      | { readonly _tag: "Next"; readonly cursor: Cursor.Cursor | null; readonly index: number }
      | { readonly _tag: "Done" }
      | { readonly _tag: "Fail"; readonly error: SutroError.SutroError }

    const done: WalkState = { _tag: "Done" }
    const endOfWalk = Exit.fail(Option.none())

    const pages: SutroClient.Service["pages"] = (streamOptions = {}) =>
      Stream.suspend(() => {
        const checked = Either.gen(function*() {
          const pageSize = yield* checkLimit(streamOptions.pageSize ?? defaultPageSize, "pageSize")
          const startCursor = streamOptions.startCursor === undefined
            ? null
            : yield* checkCursor(streamOptions.startCursor, "startCursor")
          const createdAfter = streamOptions.createdAfter === undefined
            ? undefined
            : yield* toCreatedAfterMillis(streamOptions.createdAfter)
          const prefetch = yield* positiveInt("prefetch", streamOptions.prefetch ?? 1, 0)
          const maxPages = streamOptions.maxPages === undefined
            ? Infinity
            : yield* positiveInt("maxPages", streamOptions.maxPages, 1)
          const resolved = yield* resolveCall(streamOptions)
          return { pageSize, startCursor, createdAfter, prefetch, maxPages, resolved }
        })
        if (Either.isLeft(checked)) return Stream.fail(checked.left)
        const { createdAfter, maxPages, pageSize, prefetch, resolved, startCursor } = checked.right
        const seen = new Set<string>()
        if (startCursor !== null) seen.add(startCursor)

        const step = (
          state: WalkState,
          gate: Effect.Effect<void>
        ): Effect.Effect<Option.Option<[SutroClient.Page, WalkState]>, SutroError.SutroError> => {
          if (state._tag === "Done") return Effect.succeedNone
          if (state._tag === "Fail") return Effect.fail(state.error)
          return gate.pipe(
            Effect.zipRight(fetchPage(pageSize, state.cursor, state.index, resolved)),
            Effect.tap((page) => Metric.incrementBy(jobsTotal, page.jobs.length)),
            Effect.map((fetched) => {
              let page = fetched
              let reachedOlder = false
              if (createdAfter !== undefined) {
                const jobs = fetched.jobs
                for (let i = 0; i < jobs.length; i++) {
                  const created = jobs[i].datetime_created
                  if (created !== null && created.epochMillis <= createdAfter) {
                    reachedOlder = true
                    break
                  }
                }
                if (reachedOlder) {
                  page = {
                    ...fetched,
                    jobs: jobs.filter((job: Job.Job) =>
                      job.datetime_created === null || job.datetime_created.epochMillis > createdAfter
                    )
                  }
                }
              }
              const next = fetched.next_cursor
              let nextState: WalkState
              if (reachedOlder || next === null || state.index + 1 >= maxPages) {
                nextState = done
              } else if (seen.has(next)) {
                nextState = {
                  _tag: "Fail",
                  error: new SutroError.PaginationError({
                    detail: `page ${state.index} returned next_cursor ${next}, which this walk already used`,
                    pages: state.index + 1,
                    cursor: state.cursor ?? undefined
                  })
                }
              } else {
                seen.add(next)
                nextState = { _tag: "Next", cursor: next, index: state.index + 1 }
              }
              return Option.some([page, nextState] as [SutroClient.Page, WalkState])
            })
          )
        }

        const walk = (gate: Effect.Effect<void>) =>
          Stream.unfoldEffect<WalkState, SutroClient.Page, SutroError.SutroError, never>(
            { _tag: "Next", cursor: startCursor, index: 0 },
            (state) => step(state, gate)
          )
        if (prefetch === 0) return walk(Effect.void)
        // Stream.buffer would run capacity + 1 pages ahead (one waits to be offered); a permit taken
        // before each request and given back when the consumer takes a page keeps exactly
        // `prefetch` pages fetched ahead of the one being consumed.
        // The producer is a plain loop, not a stream run into the queue: a stream on each side of the
        // queue cost about as much per page as the request itself.
        return Stream.unwrapScoped(Effect.gen(function*() {
          const permits = yield* Effect.makeSemaphore(prefetch)
          const release = permits.release(1)
          const queue = yield* Queue.unbounded<Exit.Exit<SutroClient.Page, Option.Option<SutroError.SutroError>>>()
          const take = permits.take(1)
          const produce = (state: WalkState): Effect.Effect<void> =>
            Effect.matchCauseEffect(step(state, take), {
              // Defects too: a producer that died quietly would leave the consumer waiting forever.
              onFailure: (cause) => queue.offer(Exit.failCause(Cause.map(cause, Option.some))),
              onSuccess: (next) =>
                Option.isNone(next)
                  ? queue.offer(endOfWalk)
                  : Effect.zipRight(
                    queue.offer(Exit.succeed(next.value[0])),
                    Effect.suspend(() => produce(next.value[1]))
                  )
            })
          yield* Effect.forkScoped(produce({ _tag: "Next", cursor: startCursor, index: 0 }))
          return Stream.repeatEffectOption(
            Effect.flatMap(queue.take, (exit) => Exit.isSuccess(exit) ? Effect.as(release, exit.value) : exit)
          )
        }))
      }).pipe(Stream.withSpan("SutroClient.pages", {
        attributes: {
          "sutro.page_size": streamOptions.pageSize ?? defaultPageSize,
          "sutro.prefetch": streamOptions.prefetch ?? 1,
          "sutro.resumed": streamOptions.startCursor !== undefined
        }
      }))

    const jobs: SutroClient.Service["jobs"] = (streamOptions) =>
      Stream.mapConcatChunk(pages(streamOptions), (page) => Chunk.unsafeFromArray(page.jobs as Array<Job.Job>))

    return { listJobs, listAllJobs, pages, jobs } satisfies SutroClient.Service
  })

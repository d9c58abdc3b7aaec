// The HTTP side of the emulator, on node:http directly: some faults (a reset before the headers or
// in the middle of the body, a body cut short) need control over the socket that a router does not
// give. Everything here is synchronous per request except the body writes, so each request sees
// one consistent state of the store and the fault queue.
import * as PageSize from "@sutro-effect/core/PageSize"
import * as Encoding from "@sutro-effect/protocol/Encoding"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type * as Http from "node:http"
import { pipeline, Readable } from "node:stream"
import * as Zlib from "node:zlib"
import type { LoggedRequest } from "../Emulator.js"
import * as Fault from "../Fault.js"
import * as Hostile from "./hostile.js"
import * as JobsInput from "./jobsInput.js"
import { Prng } from "./prng.js"
import type { Decoded, Entry, Store } from "./store.js"

const listPaths = new Set(["/list-jobs", "/list-jobs/", "/v1/list-jobs", "/v1/list-jobs/"])
/** The request log keeps the latest `maxLog` requests, and at most `maxQueryChars` characters of each query. */
export const defaultMaxLog = 10_000
export const maxQueryChars = 1_024

/**
 * What `faultRate`'s random faults draw from (docs/emulator.md quotes it): the transient kinds a
 * retrying client is expected to survive. Ranges are inclusive.
 */
export const randomFaults = {
  statuses: [500, 502, 503, 504],
  retryAfterSeconds: 1,
  retryAfterMs: [10, 200],
  cloudflare: [520, 521, 522, 523, 524],
  latencyMillis: [50, 300]
} as const

/** Above this many jobs the unpaginated response is streamed in chunks instead of built as one string. */
const streamAbove = 20_000
const chunkJobs = 1000

interface Queued {
  readonly fault: Fault.Fault
  remaining: number
}

export interface Config {
  readonly store: Store
  readonly apiKeys: ReadonlyArray<string>
  readonly latencyMillis: number
  readonly faultRate: number
  readonly maxLog: number
  readonly seed: number
  /** Compress list-jobs responses by the request's `Accept-Encoding`, as Cloudflare does (default true). */
  readonly compress?: boolean | undefined
  /** More control routes (live mode, the change log): true when the request was handled. */
  readonly routes?:
    | ((req: Http.IncomingMessage, res: Http.ServerResponse, path: string, method: string) => boolean)
    | undefined
}

const decodeFaults = Schema.decodeUnknownEither(Schema.Array(Fault.Fault))

/** What a response will be, before any fault changes how it is delivered. */
interface Body {
  readonly status: number
  readonly headers: Record<string, string>
  /** The whole body, or chunks for a large unpaginated response. */
  readonly text: string | undefined
  readonly chunks: (() => Iterable<string>) | undefined
}

export class Emulator {
  readonly store: Store
  private readonly keys: ReadonlySet<string>
  private readonly latencyMillis: number
  private readonly faultRate: number
  private readonly maxLog: number
  private readonly faultRng: Prng
  private readonly idRng: Prng
  private readonly routes: Config["routes"]
  private readonly compress: boolean
  private queue: Array<Queued> = []
  private log: Array<LoggedRequest> = []
  private counter = 0

  constructor(config: Config) {
    this.store = config.store
    this.keys = new Set(config.apiKeys)
    this.latencyMillis = config.latencyMillis
    this.faultRate = config.faultRate
    this.maxLog = config.maxLog
    this.faultRng = new Prng(config.seed ^ 0x2545f491)
    this.idRng = new Prng(config.seed ^ 0x68e31da4)
    this.routes = config.routes
    this.compress = config.compress ?? true
  }

  // ---- programmatic control ----

  scriptFaults(faults: ReadonlyArray<Fault.Fault>): void {
    for (const fault of faults) this.queue.push({ fault, remaining: fault.times ?? 1 })
  }

  clearFaults(): void {
    this.queue = []
  }

  pendingFaults(): Array<Fault.Fault> {
    return this.queue.map((q) => q.remaining === (q.fault.times ?? 1) ? q.fault : { ...q.fault, times: q.remaining })
  }

  requestLog(): Array<LoggedRequest> {
    return this.log.slice()
  }

  clearRequestLog(): void {
    this.log = []
  }

  // ---- HTTP ----

  readonly handle = (req: Http.IncomingMessage, res: Http.ServerResponse): void => {
    guard(res, () => this.serve(req, res))
  }

  private serve(req: Http.IncomingMessage, res: Http.ServerResponse): void {
    this.counter++
    const requestId = `req_${this.counter.toString(36)}${this.idRng.nextU32().toString(16).padStart(8, "0")}`
    res.setHeader("x-request-id", requestId)
    const origin = req.headers.origin
    res.setHeader("access-control-allow-origin", origin ?? "*")
    if (origin !== undefined) res.setHeader("vary", "Origin")
    res.setHeader("access-control-expose-headers", "x-request-id, retry-after, retry-after-ms")
    const url = requestUrl(req.url)
    const method = req.method ?? "GET"
    if (url === undefined) {
      // A target the URL parser refuses (an absolute URL with a malformed % escape or port): the
      // client's mistake, a 400 that says so, never a 500.
      sendJson(res, 400, {
        detail: `The request target is not a valid URL: ${
          JSON.stringify(truncate(req.url ?? ""))
        } (send a path such as /v1/list-jobs?limit=5; escape % as %25)`
      })
      return
    }
    if (url.pathname.startsWith("/_emulator/")) {
      this.control(req, res, url, method)
      return
    }
    const entry: LoggedRequest = {
      method,
      path: url.pathname,
      ...loggedQuery(url.searchParams),
      authorized: req.headers.authorization !== undefined,
      status: 0,
      time: new Date().toISOString(),
      requestId
    }
    this.log.push(entry)
    // Dropped in batches of a tenth, so that a full log does not shift 10,000 entries per request.
    if (this.log.length > this.maxLog) this.log.splice(0, this.log.length - Math.floor(this.maxLog * 0.9))
    const done = (status: number, fault?: Fault.Fault) => {
      ;(entry as { status: number }).status = status
      if (fault !== undefined) (entry as { fault?: string }).fault = fault._tag
    }
    if (method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined) {
      // CORS preflight: answered before authentication, as browsers send it without credentials.
      res.setHeader("access-control-allow-methods", "GET, HEAD, POST, DELETE, OPTIONS")
      res.setHeader(
        "access-control-allow-headers",
        req.headers["access-control-request-headers"] ?? "authorization, content-type"
      )
      res.setHeader("access-control-max-age", "600")
      sendJson(res, 204, undefined)
      done(204)
      return
    }
    if (!listPaths.has(url.pathname)) {
      sendJson(res, 404, { detail: "Not Found" })
      done(404)
      return
    }
    if (method !== "GET" && method !== "HEAD") {
      res.setHeader("allow", "GET, HEAD")
      sendJson(res, 405, { detail: "Method Not Allowed" })
      done(405)
      return
    }
    const refusal = this.authenticate(req.headers.authorization)
    if (refusal !== undefined) {
      res.setHeader("www-authenticate", "Key")
      sendJson(res, 401, { detail: refusal })
      done(401)
      return
    }
    const limitValues = url.searchParams.getAll("limit")
    let limit: number | undefined
    if (limitValues.length > 0) {
      const raw = limitValues[limitValues.length - 1]
      const checked = checkLimit(raw)
      if (typeof checked !== "number") {
        sendJson(res, 422, { detail: [checked] })
        done(422)
        return
      }
      limit = checked
    }
    let position: Decoded = { _tag: "Start" }
    const cursorValues = url.searchParams.getAll("cursor")
    const cursor = limit !== undefined && cursorValues.length > 0 && cursorValues[cursorValues.length - 1] !== ""
      ? cursorValues[cursorValues.length - 1]
      : undefined
    if (cursor !== undefined) {
      position = this.store.decodeCursor(cursor)
      if (position._tag === "Invalid") {
        sendJson(res, 400, { detail: "Invalid cursor" })
        done(400)
        return
      }
    }
    const fault = this.takeFault(limit, cursor)
    const delay = Math.min(
      Fault.maxTimerMillis,
      this.latencyMillis + (fault?._tag === "Latency" ? fault.millis : 0)
    )
    const respond = () => {
      const status = this.respond(req, res, fault, limit, cursor, position)
      done(status, fault)
    }
    if (delay > 0) setTimeout(() => guard(res, respond), delay)
    else respond()
  }

  private authenticate(header: string | undefined): string | undefined {
    if (header === undefined || header.trim() === "") return "Not authenticated"
    const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(header)
    if (match === null || match[1].toLowerCase() !== "key") {
      return "Invalid authorization header: expected 'Authorization: Key <your API key>'"
    }
    return this.keys.has(match[2]) ? undefined : "Invalid API key"
  }

  private takeFault(limit: number | undefined, cursor: string | undefined): Fault.Fault | undefined {
    for (let i = 0; i < this.queue.length; i++) {
      const queued = this.queue[i]
      if (!applies(queued.fault, limit, cursor)) continue
      queued.remaining--
      if (queued.remaining <= 0) this.queue.splice(i, 1)
      return queued.fault
    }
    if (this.faultRate > 0 && this.faultRng.next() < this.faultRate) return this.randomFault()
    return undefined
  }

  /** Random faults are the transient kind a retrying client is expected to survive. */
  private randomFault(): Fault.Fault {
    const rng = this.faultRng
    const { cloudflare, latencyMillis, retryAfterMs, retryAfterSeconds, statuses } = randomFaults
    return rng.weighted<Fault.Fault>([
      [3, Fault.Status.make({ status: rng.pick(statuses) })],
      [2, Fault.RateLimited.make({ retryAfter: retryAfterSeconds, retryAfterMs: rng.int(...retryAfterMs) })],
      [2, Fault.Cloudflare.make({ status: rng.pick(cloudflare) })],
      [1, Fault.Latency.make({ millis: rng.int(...latencyMillis) })],
      [1, Fault.ResetBeforeHeaders.make({})],
      [1, Fault.ResetMidBody.make({})]
    ])
  }

  /** Sends the response for a valid list-jobs request; returns the status logged (0 for a reset). */
  private respond(
    req: Http.IncomingMessage,
    res: Http.ServerResponse,
    fault: Fault.Fault | undefined,
    limit: number | undefined,
    cursor: string | undefined,
    position: Decoded
  ): number {
    if (fault !== undefined) {
      switch (fault._tag) {
        case "ResetBeforeHeaders": {
          reset(req)
          return 0
        }
        case "Status": {
          for (const [name, value] of Object.entries(fault.headers ?? {})) res.setHeader(name, value)
          if (fault.body !== undefined) {
            this.sendText(req, res, fault.status, fault.body, fault.contentType ?? "application/json")
          } else {
            sendJson(res, fault.status, { detail: fault.detail ?? Fault.defaultDetail(fault.status) })
          }
          return fault.status
        }
        case "RateLimited": {
          const seconds = fault.retryAfter ?? 1
          const format = fault.format ?? "seconds"
          if (format === "seconds") res.setHeader("retry-after", String(Math.ceil(seconds)))
          else if (format === "http-date") {
            res.setHeader("retry-after", new Date(Date.now() + Math.ceil(seconds) * 1000).toUTCString())
          }
          if (fault.retryAfterMs !== undefined) res.setHeader("retry-after-ms", String(fault.retryAfterMs))
          sendJson(res, 429, { detail: "Too Many Requests" })
          return 429
        }
        case "Cloudflare": {
          res.setHeader("server", "cloudflare")
          res.setHeader("cf-ray", `${this.idRng.nextU32().toString(16)}-AMS`)
          this.sendText(req, res, fault.status, cloudflarePage(fault.status), "text/html; charset=UTF-8")
          return fault.status
        }
        case "HostileBody": {
          const status = fault.status ?? 502
          const text = Hostile.hostileText(fault.pattern, fault.bytes ?? 1_000_000)
          this.sendText(req, res, status, text, fault.contentType ?? "text/html; charset=utf-8")
          return status
        }
        case "EchoAuthorization": {
          if (fault.into === "next_cursor") break
          const status = fault.status ?? 401
          const format = fault.format ?? "json"
          const contentType = format === "json"
            ? "application/json"
            : format === "html"
            ? "text/html; charset=utf-8"
            : "text/plain; charset=utf-8"
          this.sendText(
            req,
            res,
            status,
            Hostile.echoText(format, req.headers.authorization ?? "", fault.spelling),
            contentType
          )
          return status
        }
      }
    }
    const body = this.body(limit, cursor, position, fault, req.headers.authorization ?? "")
    if (fault?._tag === "ResetMidBody") {
      const text = body.text ?? firstChunks(body)
      res.writeHead(body.status, { ...body.headers, "content-length": String(Buffer.byteLength(text)) })
      res.write(text.slice(0, Math.floor(text.length / 2)), () => {
        // Give the client time to read the headers and the first half before the reset.
        setTimeout(() => reset(req), 50)
      })
      return 0
    }
    if (fault?._tag === "StallMidBody") {
      const text = body.text ?? firstChunks(body)
      const half = Math.floor(text.length / 2)
      res.writeHead(body.status, { ...body.headers, "content-length": String(Buffer.byteLength(text)) })
      res.write(text.slice(0, half))
      const timer = setTimeout(() => res.end(text.slice(half)), fault.millis)
      res.on("close", () => clearTimeout(timer))
      return body.status
    }
    if (fault?._tag === "LargeBody") {
      const source = body.text !== undefined ? [body.text] : body.chunks!()
      const headers: Record<string, string> = { ...body.headers, "content-type": "application/json" }
      if (fault.contentLength !== false) {
        headers["content-length"] = String(
          Hostile.paddedLength(body.text !== undefined ? source : body.chunks!(), fault.bytes)
        )
      }
      res.writeHead(body.status, headers)
      void writeChunks(res, Hostile.padded(source, fault.bytes))
      return body.status
    }
    if (fault?._tag === "TruncatedJson") {
      const text = body.text ?? firstChunks(body)
      this.sendText(req, res, body.status, text.slice(0, Math.floor(text.length / 2)), "application/json")
      return body.status
    }
    if (fault?._tag === "MalformedJson") {
      const text = body.text ?? firstChunks(body)
      this.sendText(req, res, body.status, text.replace(/"/g, "'").replace(/\bnull\b/g, "None"), "application/json")
      return body.status
    }
    if (fault?._tag === "CompressionBomb" || fault?._tag === "CorruptCompression") {
      const coding = fault.coding ?? "gzip"
      const text = body.text ?? firstChunks(body)
      let compressed: Buffer
      if (fault._tag === "CompressionBomb") {
        compressed = bomb(coding, text, fault.bytes ?? 10_000_000)
      } else {
        compressed = Buffer.from(compress(coding, text))
        const at = Math.floor(compressed.length / 2)
        compressed.fill(0xff, at, Math.min(compressed.length, at + 16))
      }
      this.vary(res)
      res.writeHead(body.status, {
        ...body.headers,
        "content-type": "application/json",
        "content-encoding": coding,
        "content-length": String(compressed.length)
      })
      res.end(compressed)
      return body.status
    }
    if (fault?._tag === "TruncatedCompression") {
      const coding = fault.coding ?? "gzip"
      const compressed = compress(coding, body.text ?? firstChunks(body))
      this.vary(res)
      res.writeHead(body.status, {
        ...body.headers,
        "content-type": "application/json",
        "content-encoding": coding,
        "content-length": String(compressed.length)
      })
      res.write(compressed.subarray(0, Math.floor(compressed.length / 2)), () => {
        // Give the client time to read the headers and the first half before the reset.
        setTimeout(() => reset(req), 50)
      })
      return 0
    }
    if (body.text !== undefined) {
      this.sendText(req, res, body.status, body.text, "application/json")
    } else {
      const coding = this.codingFor(req)
      if (this.compress) this.vary(res)
      res.writeHead(body.status, {
        ...body.headers,
        "content-type": "application/json",
        ...(coding === undefined ? {} : { "content-encoding": coding })
      })
      if (coding === undefined) void writeChunks(res, body.chunks!())
      // Compressed as it is generated: a million jobs are never held whole, backpressure included.
      else pipeline(Readable.from(body.chunks!()), compressor(coding), res, () => {})
    }
    return body.status
  }

  /** The coding a response to this request is compressed with (none when compression is off). */
  private codingFor(req: Http.IncomingMessage): "br" | "gzip" | undefined {
    if (!this.compress) return undefined
    return Encoding.chooseEncoding(req.headers["accept-encoding"])
  }

  /** `Vary: Accept-Encoding`, as a server that compresses by it sends (kept with `Vary: Origin`). */
  private vary(res: Http.ServerResponse): void {
    const vary = res.getHeader("vary")
    res.setHeader("vary", vary === undefined ? "Accept-Encoding" : `${String(vary)}, Accept-Encoding`)
  }

  /** A whole body, compressed when the request accepts it (and compression is on). */
  private sendText(
    req: Http.IncomingMessage,
    res: Http.ServerResponse,
    status: number,
    text: string,
    contentType: string
  ): void {
    if (this.compress) this.vary(res)
    const coding = this.codingFor(req)
    if (coding === undefined) return sendText(res, status, text, contentType)
    const compressed = compress(coding, text)
    res.writeHead(status, {
      "content-type": contentType,
      "content-encoding": coding,
      "content-length": String(compressed.length)
    })
    res.end(compressed)
  }

  private body(
    limit: number | undefined,
    cursor: string | undefined,
    position: Decoded,
    fault: Fault.Fault | undefined,
    authorization: string
  ): Body {
    const store = this.store
    if (limit === undefined) {
      const prefix = `{"message":"Jobs retrieved successfully.","jobs":[`
      if (store.size <= streamAbove) {
        const parts = new Array<string>(store.size)
        for (let i = 0; i < store.size; i++) parts[i] = store.json(store.at(i))
        return { status: 200, headers: {}, text: prefix + parts.join(",") + "]}", chunks: undefined }
      }
      const size = store.size
      return {
        status: 200,
        headers: {},
        text: undefined,
        chunks: function*() {
          yield prefix
          for (let from = 0; from < size; from += chunkJobs) {
            const parts: Array<string> = []
            for (let i = from; i < Math.min(size, from + chunkJobs); i++) parts.push(store.json(store.at(i)))
            yield (from === 0 ? "" : ",") + parts.join(",")
          }
          yield "]}"
        }
      }
    }
    if (fault?._tag === "EmptyPage") {
      const page = store.page(position, 0)
      const next = store.respelledCursor(store.before(page.start), cursor)
      return { status: 200, headers: {}, text: `{"jobs":[],"next_cursor":${JSON.stringify(next)}}`, chunks: undefined }
    }
    const page = store.page(position, limit)
    const parts = new Array<string>(page.entries.length)
    for (let i = 0; i < page.entries.length; i++) parts[i] = store.json(page.entries[i])
    const last: Entry | undefined = page.entries[page.entries.length - 1]
    let next: string | null = page.more && last !== undefined ? store.cursor(last) : null
    if (fault?._tag === "RepeatCursor") next = cursor ?? null
    if (fault?._tag === "RewindCursor") {
      const end = page.start + page.entries.length
      next = store.rewoundCursor(fault.back === undefined ? 0 : Math.max(0, end - fault.back))
    }
    if (fault?._tag === "LongCursor" && next !== null && last !== undefined) {
      next = store.longCursor(last, fault.length ?? 5_000)
    }
    if (fault?._tag === "EchoAuthorization" && next !== null) {
      next = Hostile.echoCursor(next, authorization, fault.spelling)
    }
    return {
      status: 200,
      headers: {},
      text: `{"jobs":[${parts.join(",")}],"next_cursor":${next === null ? "null" : JSON.stringify(next)}}`,
      chunks: undefined
    }
  }

  // ---- the control API ----

  private control(req: Http.IncomingMessage, res: Http.ServerResponse, url: URL, method: string): void {
    const path = url.pathname.replace(/\/$/, "")
    const route = (allowed: ReadonlyArray<string>, run: () => void) => {
      if (allowed.includes(method)) return run()
      if (method === "OPTIONS") {
        res.setHeader("access-control-allow-methods", [...allowed, "OPTIONS"].join(", "))
        res.setHeader("access-control-allow-headers", req.headers["access-control-request-headers"] ?? "content-type")
        return sendJson(res, 204, undefined)
      }
      res.setHeader("allow", allowed.join(", "))
      sendJson(res, 405, { detail: "Method Not Allowed" })
    }
    switch (path) {
      case "/_emulator/jobs":
        return route(["GET", "POST"], () => {
          if (method === "GET") return sendJson(res, 200, { count: this.store.size })
          readJson(req, res, (body) => {
            const jobs = JobsInput.parse(body)
            if (Either.isLeft(jobs)) {
              return sendJson(res, 422, { detail: `Expected ${JobsInput.expected}: ${jobs.left}` })
            }
            this.store.insert(jobs.right)
            sendJson(res, 200, { inserted: jobs.right.length, count: this.store.size })
          })
        })
      case "/_emulator/faults":
        return route(["GET", "POST", "DELETE"], () => {
          if (method === "GET") return sendJson(res, 200, { faults: this.pendingFaults() })
          if (method === "DELETE") {
            this.clearFaults()
            return sendJson(res, 204, undefined)
          }
          readJson(req, res, (body) => {
            const input = Array.isArray(body) ? body : (body as { faults?: unknown } | null)?.faults
            const decoded = decodeFaults(input)
            if (decoded._tag === "Left") return sendJson(res, 422, validationBody(decoded.left, body, "faults"))
            this.scriptFaults(decoded.right)
            sendJson(res, 200, { queued: this.queue.length })
          })
        })
      case "/_emulator/requests":
        return route(["GET", "DELETE"], () => {
          if (method === "GET") return sendJson(res, 200, { requests: this.log })
          this.clearRequestLog()
          sendJson(res, 204, undefined)
        })
      default:
        if (this.routes?.(req, res, path, method) === true) return
        sendJson(res, 404, { detail: "Not Found" })
    }
  }
}

/**
 * The URL of a request target. An origin-form target (`/path?query`) is always a path, even one
 * that starts with `//` (`//%zz/_emulator/faults` is not a scheme-relative URL with host `%zz`);
 * an absolute-form one (`http://host/path`) is parsed as sent. `undefined` when the parser refuses it.
 */
export const requestUrl = (target: string | undefined): URL | undefined => {
  const raw = target ?? "/"
  try {
    return raw.startsWith("/") ? new URL(`http://emulator.invalid${raw}`) : new URL(raw)
  } catch {
    return undefined
  }
}

const truncate = (text: string): string => text.length > 200 ? `${text.slice(0, 200)}…(${text.length} chars)` : text

/** Runs `f`; a bug in it must not take the host process (often a test runner) down with it. */
const guard = (res: Http.ServerResponse, f: () => void): void => {
  try {
    f()
  } catch (error) {
    if (!res.headersSent) sendJson(res, 500, { detail: `Emulator error: ${String(error)}` })
    else res.destroy()
  }
}

const applies = (fault: Fault.Fault, limit: number | undefined, cursor: string | undefined): boolean => {
  if (fault.cursor !== undefined && fault.cursor !== cursor && fault.cursor !== cursor?.replace(/ /g, "+")) {
    return false
  }
  if (fault._tag === "RepeatCursor") return limit !== undefined && cursor !== undefined
  if (
    fault._tag === "EmptyPage" || fault._tag === "RewindCursor" || fault._tag === "LongCursor" ||
    (fault._tag === "EchoAuthorization" && fault.into === "next_cursor")
  ) return limit !== undefined
  return true
}

/**
 * A 422 body as FastAPI (pydantic 2) writes it, `{"detail": [{type, loc, msg, input}]}`, for a body
 * posted to the control API; `loc` starts with "body" and, for `{"<key>": [...]}`, that key.
 */
const validationBody = (error: ParseResult.ParseError, body: unknown, key: string) => {
  const root: Array<string | number> = Array.isArray(body) ? ["body"] : ["body", key]
  return {
    detail: ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => ({
      type: issue._tag === "Missing" ? "missing" : "value_error",
      loc: [...root, ...issue.path.map((part) => typeof part === "number" ? part : String(part))],
      msg: issue.message,
      input: null
    }))
  }
}

/** The query as logged: at most `maxQueryChars` characters of keys and values, each cut short with a marker. */
const loggedQuery = (params: URLSearchParams): { query: Record<string, string>; queryTruncated?: true } => {
  const query: Record<string, string> = {}
  let budget = maxQueryChars
  let truncated = false
  for (const [key, value] of params) {
    if (budget <= 0) {
      truncated = true
      break
    }
    const k = key.length > budget ? key.slice(0, budget) : key
    budget -= k.length
    const v = value.length > budget ? `${value.slice(0, budget)}…(${value.length} chars)` : value
    if (v !== value || k !== key) truncated = true
    budget -= Math.min(value.length, budget)
    query[k] = v
  }
  return truncated ? { query, queryTruncated: true } : { query }
}

/** FastAPI's (pydantic 2's) validation of `limit: int = Query(ge=1, le=100)`, with core's `PageSize` bounds. */
const checkLimit = (raw: string): number | Record<string, unknown> => {
  const loc = ["query", "limit"]
  const trimmed = raw.trim()
  if (!/^[+-]?\d+$/.test(trimmed)) {
    return {
      type: "int_parsing",
      loc,
      msg: "Input should be a valid integer, unable to parse string as an integer",
      input: raw
    }
  }
  const n = Number(trimmed)
  if (n < PageSize.min) {
    return {
      type: "greater_than_equal",
      loc,
      msg: `Input should be greater than or equal to ${PageSize.min}`,
      input: raw,
      ctx: { ge: PageSize.min }
    }
  }
  if (n > PageSize.max) {
    return {
      type: "less_than_equal",
      loc,
      msg: `Input should be less than or equal to ${PageSize.max}`,
      input: raw,
      ctx: { le: PageSize.max }
    }
  }
  return PageSize.make(n)
}

const sendText = (res: Http.ServerResponse, status: number, text: string, contentType: string): void => {
  res.writeHead(status, { "content-type": contentType, "content-length": String(Buffer.byteLength(text)) })
  res.end(text)
}

export const sendJson = (res: Http.ServerResponse, status: number, body: unknown): void => {
  if (body === undefined) {
    res.writeHead(status)
    res.end()
    return
  }
  sendText(res, status, JSON.stringify(body), "application/json")
}

/**
 * The largest control-API request body read (16 MiB): a body is buffered whole before it is
 * parsed, so a larger one is refused with a 413 and the rest of it discarded as it arrives.
 */
export const maxBodyBytes = 16 * 1024 * 1024

export const readJson = (req: Http.IncomingMessage, res: Http.ServerResponse, use: (body: unknown) => void): void => {
  const refuse = () => {
    sendJson(res, 413, { detail: `The body is larger than the emulator's limit of ${maxBodyBytes} bytes` })
    // Read and drop the rest, so the client finishes sending and reads the answer.
    req.removeAllListeners("data")
    req.resume()
  }
  const declared = Number(req.headers["content-length"])
  if (declared > maxBodyBytes) return refuse()
  const chunks: Array<Buffer> = []
  let size = 0
  let refused = false
  req.on("data", (chunk: Buffer) => {
    size += chunk.length
    if (size <= maxBodyBytes) return void chunks.push(chunk)
    refused = true
    chunks.length = 0
    refuse()
  })
  req.on("end", () => {
    if (refused) return
    let body: unknown
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"))
    } catch {
      return sendJson(res, 400, { detail: "The body is not valid JSON" })
    }
    // Out of the request handler's guard by now: a throw here would take the process down.
    guard(res, () => use(body))
  })
}

// Brotli at a low quality, as a CDN compresses dynamic responses on the fly: quality 11 (zlib's
// default, for static assets) takes some 160 ms for a page of 100 jobs (6.2 KB), 5 about 4 ms
// (7.2 KB; gzip: 7.7 KB, 1 ms). A stream of a million jobs gets 4.
const brotliOptions = { params: { [Zlib.constants.BROTLI_PARAM_QUALITY]: 5 } }
const brotliStreamOptions = { params: { [Zlib.constants.BROTLI_PARAM_QUALITY]: 4 } }

const compress = (coding: "br" | "gzip", text: string | Buffer): Buffer =>
  coding === "br" ? Zlib.brotliCompressSync(text, brotliOptions) : Zlib.gzipSync(text)

const compressor = (coding: "br" | "gzip") =>
  coding === "br" ? Zlib.createBrotliCompress(brotliStreamOptions) : Zlib.createGzip()

// The last bomb made: a matrix row sends the same one to many requests.
let lastBomb: { readonly key: string; readonly body: Buffer } | undefined

/** `text` padded with spaces (still valid JSON) to `bytes` bytes, compressed: a few KB. */
const bomb = (coding: "br" | "gzip", text: string, bytes: number): Buffer => {
  const key = `${coding}:${bytes}:${text}`
  if (lastBomb?.key === key) return lastBomb.body
  const head = Buffer.from(text)
  const padded = Buffer.alloc(Math.max(bytes, head.length), 32)
  head.copy(padded)
  const body = compress(coding, padded)
  lastBomb = { key, body }
  return body
}

const reset = (req: Http.IncomingMessage): void => {
  const socket = req.socket
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy()
  else socket.destroy()
}

/** The start of a chunked body, enough to truncate or corrupt (a fault never needs the whole of a huge body). */
const firstChunks = (body: Body): string => {
  let text = ""
  for (const chunk of body.chunks!()) {
    text += chunk
    if (text.length > 1_000_000) break
  }
  return text
}

const writeChunks = async (res: Http.ServerResponse, chunks: Iterable<string>): Promise<void> => {
  for (const chunk of chunks) {
    if (res.destroyed) return
    if (!res.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off("drain", done)
          res.off("close", done)
          resolve()
        }
        res.on("drain", done)
        res.on("close", done)
      })
    }
  }
  res.end()
}

const cloudflarePage = (status: number): string => {
  const titles: Record<number, string> = {
    520: "Web server is returning an unknown error",
    521: "Web server is down",
    522: "Connection timed out",
    523: "Origin is unreachable",
    524: "A timeout occurred"
  }
  const title = titles[status] ?? "Error"
  return `<!DOCTYPE html>
<!--[if lt IE 7]> <html class="no-js ie6 oldie" lang="en-US"> <![endif]-->
<html class="no-js" lang="en-US">
<head>
<title>api.sutro.sh | ${status}: ${title}</title>
<meta charset="UTF-8" />
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<meta name="robots" content="noindex, nofollow" />
</head>
<body>
<div id="cf-wrapper">
  <div id="cf-error-details" class="p-0">
    <header class="mx-auto pt-10 lg:pt-6 lg:px-8 w-240 lg:w-full mb-8">
      <h1 class="inline-block sm:block sm:mb-2 font-light text-60 lg:text-4xl text-black-dark leading-tight mr-2">
        <span class="inline-block">${title}</span>
        <span class="code-label">Error code ${status}</span>
      </h1>
    </header>
    <p>Visit <a href="https://www.cloudflare.com/5xx-error-landing" target="_blank">cloudflare.com</a> for more information.</p>
  </div>
</div>
</body>
</html>
`
}

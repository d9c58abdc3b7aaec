/**
 * Compressed responses and bounded bodies over undici: an interceptor for the agent of the node
 * layer that asks for `gzip, br` (and `zstd` where node:zlib decodes it), decodes `gzip`, `br`,
 * `deflate` and `zstd` bodies with node:zlib streams as they arrive, and stops a body at the limit
 * the request names.
 *
 * undici's own `interceptors.decompress` is not used: undici 7 (the Effect 3 line's) prints an
 * `ExperimentalWarning` to stderr when it is created, it passes an unknown coding through as if it
 * were plain, and its errors carry no code the client could tell from a cut connection.
 *
 * - What reaches the platform is the decoded body, without `content-encoding` and
 *   `content-length`.
 * - The body limit: a request may carry protocol's `Encoding.bodyLimitHeader` (the client sets it,
 *   to its `maxResponseBytes`, because the node layer's HttpClient is marked with
 *   `Encoding.markBoundedTransport`). The header is removed before the request is written, so no
 *   server sees it, whatever its value. With a limit (`Encoding.parseBodyLimit`: a value that is no
 *   plain number sets none), the bytes handed downstream are counted (decoded bytes for a
 *   compressed body, as sent for another, chunked or not); the chunk that would take the count past
 *   the limit is not handed over: the body fails with an error whose `code` is
 *   `Encoding.tooLargeCode`, the decoders are destroyed and the socket stops reading it. The
 *   client can then read a body whole. A plain body whose `content-length` is over the limit is
 *   not refused at its start (the client refuses it from the header), only counted as any other.
 *   Without the header (a client not marked, or transformed), the client counts the bytes itself as
 *   they arrive, and stops reading, so the decoder stops, past its limit.
 * - With a limit, a compressed body of at most `Inflate.maxInput` (256 KiB) is held and decoded
 *   whole at its end with node:zlib's one-shot functions, which stop one byte past the limit
 *   (./inflate.ts), cheaper than a decoder stream for a page. A larger one, or one that
 *   decodes to more than `Inflate.maxOutput` under a larger limit, goes through the streams.
 * - Backpressure runs both ways: a decoder's output waits for the body's reader (a bomb inflates no
 *   more than a few buffers ahead of it), and the socket waits for the decoder once it holds more
 *   than 1 MiB of compressed input.
 * - A body that does not decode fails with an error whose `code` is protocol's
 *   `Encoding.decodeFailedCode` (the decoder's error as its `cause`); so does a 2xx body in a coding
 *   not known (another status keeps its body as sent, its status says what happened). A connection
 *   cut mid-body fails as it does without compression.
 *
 * @internal
 */
import * as Encoding from "@sutro-effect/protocol/Encoding"
import type { Transform } from "node:stream"
import * as Zlib from "node:zlib"
import * as Inflate from "./inflate.js"

/**
 * The most compressed bytes held for a decoder whose output waits for the reader before the socket
 * is paused (1 MiB: a page of 100 jobs is some 8 KB compressed).
 */
const maxBufferedInput = 1024 * 1024

/** Whether this runtime's node:zlib decodes zstd (Node.js 22.15 / 23.8 on). */
export const zstd: boolean = typeof (Zlib as { createZstdDecompress?: unknown }).createZstdDecompress === "function"

/** The `Accept-Encoding` the node layer sends when a request carries none. */
export const acceptEncoding: string = Encoding.acceptEncoding(zstd)

const decoders: Record<Encoding.Coding, () => Transform> = {
  gzip: () => Zlib.createGunzip(),
  br: () => Zlib.createBrotliDecompress(),
  deflate: () => Zlib.createInflate(),
  zstd: () => (Zlib as unknown as { createZstdDecompress: () => Transform }).createZstdDecompress()
}

/** A body that did not decode. */
const decodeFailure = (detail: string, cause?: unknown): Error =>
  Object.assign(new Error(detail, cause === undefined ? undefined : { cause }), { code: Encoding.decodeFailedCode })

/** What undici's dispatch controller offers (undici 7 and 8). */
export interface Controller {
  pause(): void
  resume(): void
  abort(reason: Error): void
  readonly aborted?: boolean
  readonly reason?: Error | null
  readonly paused?: boolean
}

type Headers = Record<string, string | Array<string> | undefined>

/** The handler methods of undici's `DecoratorHandler` this interceptor calls. */
export interface Decorator {
  onRequestStart(controller: Controller, context: unknown): void
  onResponseStart(controller: Controller, statusCode: number, headers: Headers, statusMessage?: string): void
  onResponseData(controller: Controller, chunk: Buffer): void
  onResponseEnd(controller: Controller, trailers: unknown): void
  onResponseError(controller: Controller, error: Error): void
}

/** undici's `DecoratorHandler` (its constructor wraps a handler of either of undici's handler APIs). */
export type DecoratorClass = new(handler: object) => Decorator

interface DispatchOptions {
  readonly method?: string
  headers?: unknown
}

/** A request's headers as they are dispatched, and the {@link Encoding.bodyLimitHeader} they carried. */
interface Prepared {
  readonly headers: unknown
  /** The body limit the request named (undefined: none, or a value that is not a plain number). */
  readonly limit: number | undefined
}

const isIterable = (headers: object): headers is Iterable<unknown> =>
  typeof (headers as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function"

/**
 * The request's headers as they are dispatched: without {@link Encoding.bodyLimitHeader} (whose
 * value gives the limit), and with `accept-encoding` added unless the request has one (a caller's
 * choice wins). Names are matched case-insensitively, in each shape undici takes: an object, a flat
 * `[name, value, ...]` array, or an iterable of `[name, value]` pairs (an array of pairs too). An
 * object or flat array with nothing to change is dispatched as it is; an iterable is read once, into
 * a flat array.
 */
const prepareHeaders = (headers: unknown): Prepared => {
  if (headers === null || headers === undefined || typeof headers !== "object") {
    return { headers: headers ?? { "accept-encoding": acceptEncoding }, limit: undefined }
  }
  const limits: Array<unknown> = []
  let accepts = false
  const keep = (name: unknown, value: unknown): boolean => {
    const lower = String(name).toLowerCase()
    if (lower === Encoding.bodyLimitHeader) {
      limits.push(value)
      return false
    }
    if (lower === "accept-encoding") accepts = true
    return true
  }
  const limitOf = (): number | undefined => {
    const values = limits.flatMap((value) => Array.isArray(value) ? value : [value])
    return values.length === 1 && typeof values[0] === "string" ? Encoding.parseBodyLimit(values[0]) : undefined
  }
  if (Array.isArray(headers) && !(headers.length > 0 && Array.isArray(headers[0]))) {
    // Flat [name, value, name, value].
    const flat: Array<unknown> = headers
    const kept: Array<unknown> = []
    for (let i = 0; i < flat.length; i += 2) {
      if (keep(flat[i], flat[i + 1])) kept.push(flat[i], flat[i + 1])
    }
    if (limits.length === 0 && accepts) return { headers, limit: undefined }
    if (!accepts) kept.push("accept-encoding", acceptEncoding)
    return { headers: kept, limit: limitOf() }
  }
  if (isIterable(headers)) {
    // [name, value] pairs (an array of them, a Map, a Headers): dispatched as a flat array, which
    // undici takes from every version (it refuses an array of pairs).
    const kept: Array<unknown> = []
    for (const entry of headers) {
      const [name, value] = entry as readonly [unknown, unknown]
      if (keep(name, value)) kept.push(name, value)
    }
    if (!accepts) kept.push("accept-encoding", acceptEncoding)
    return { headers: kept, limit: limitOf() }
  }
  const record = headers as Record<string, unknown>
  const names = Object.keys(record).filter((name) => !keep(name, record[name]))
  if (names.length === 0 && accepts) return { headers, limit: undefined }
  const copy: Record<string, unknown> = { ...record }
  for (const name of names) delete copy[name]
  if (!accepts) copy["accept-encoding"] = acceptEncoding
  return { headers: copy, limit: limitOf() }
}

/** A body that passed the request's limit (the client's own counting says the same). */
const tooLarge = (limit: number): Error =>
  Object.assign(new Error(Encoding.tooLargeDetail(limit)), { code: Encoding.tooLargeCode })

/**
 * The interceptor, over undici's `DecoratorHandler` (passed in: each line loads its own undici).
 * Compose it into an agent: `agent.compose(decompress(Undici.DecoratorHandler))`.
 */
export const decompress = (Base: DecoratorClass) => {
  class DecodeHandler extends Base {
    #target: Controller | undefined
    #decoders: Array<Transform> = []
    #done = false
    #inputEnded = false
    #inputBlocked = false
    #readerPaused = false
    #trailers: unknown
    // The bytes handed downstream so far, and the most the request allows (undefined: no limit).
    #received = 0
    readonly #limit: number | undefined
    // A compressed body held to be decoded whole at its end (with a limit, while it is small).
    #whole: Held | undefined
    readonly #head: boolean
    // What the handler downstream sees as its controller: its pause and resume reach the decoder.
    readonly #controller: Controller

    constructor(handler: object, head: boolean, limit: number | undefined) {
      super(handler)
      this.#head = head
      this.#limit = limit
      // eslint-disable-next-line @typescript-eslint/no-this-alias
      const self = this
      this.#controller = {
        pause: () => self.#pauseReader(),
        resume: () => self.#resumeReader(),
        abort: (reason: Error) => self.#abort(reason),
        get aborted() {
          return self.#target?.aborted ?? false
        },
        get reason() {
          return self.#target?.reason ?? null
        },
        get paused() {
          return self.#readerPaused
        }
      }
    }

    // A reader that pauses pauses the decoder's output, not the socket: the compressed input is
    // read on, up to maxBufferedInput (a page is far less), so that a server closing its idle
    // kept-alive connection after sending the whole body cannot cut it off while the reader is
    // busy with the decoded bytes (undici fails a paused response on the socket's end).
    #pauseReader(): void {
      if (this.#readerPaused) return
      this.#readerPaused = true
      const last = this.#decoders[this.#decoders.length - 1]
      if (last === undefined) this.#target?.pause()
      else last.pause()
    }

    #resumeReader(): void {
      if (!this.#readerPaused) return
      this.#readerPaused = false
      const last = this.#decoders[this.#decoders.length - 1]
      if (last === undefined) this.#target?.resume()
      else last.resume()
    }

    #abort(reason: Error): void {
      this.#destroyDecoders()
      this.#target?.abort(reason)
    }

    #destroyDecoders(): void {
      for (const decoder of this.#decoders) decoder.destroy()
      this.#decoders = []
    }

    /** Hands a chunk of the body downstream, unless it takes the body past the request's limit. */
    #deliver(chunk: Buffer): void {
      if (this.#limit !== undefined) {
        this.#received += chunk.length
        if (this.#received > this.#limit) return this.#fail(tooLarge(this.#limit))
      }
      super.onResponseData(this.#controller, chunk)
    }

    /** Fails the body once: downstream sees this error and nothing after it. */
    #fail(error: Error): void {
      if (this.#done) return
      this.#done = true
      this.#destroyDecoders()
      super.onResponseError(this.#controller, error)
      // Stops the socket reading a body nobody wants (a no-op once undici has read all of it).
      if (!this.#inputEnded) this.#target?.abort(error)
    }

    /** The decoder streams for `codings`, their output handed downstream as it comes. */
    #startDecoders(codings: ReadonlyArray<Encoding.Coding>): void {
      const chain = codings.map((coding) => {
        const decoder = decoders[coding]()
        decoder.on(
          "error",
          (error: Error) =>
            this.#fail(decodeFailure(`the ${coding} body could not be decoded: ${error.message}`, error))
        )
        return decoder
      })
      for (let i = 0; i + 1 < chain.length; i++) chain[i].pipe(chain[i + 1])
      this.#decoders = chain
      const first = chain[0]
      const last = chain[chain.length - 1]
      first.on("drain", () => {
        if (!this.#inputBlocked || this.#done) return
        this.#inputBlocked = false
        this.#target?.resume()
      })
      last.on("data", (chunk: Buffer) => {
        if (this.#done) return
        this.#deliver(chunk)
      })
      last.on("end", () => {
        if (this.#done) return
        this.#done = true
        this.#decoders = []
        super.onResponseEnd(this.#controller, this.#trailers)
      })
      // A reader that paused before the streams existed paused the socket: it pauses their output.
      if (this.#readerPaused) {
        last.pause()
        this.#target?.resume()
      }
    }

    /** Compressed input to the first decoder; the socket waits once it holds too much. */
    #write(chunk: Buffer): void {
      const first = this.#decoders[0]
      first.write(chunk)
      if (first.writableLength > maxBufferedInput && !this.#inputBlocked) {
        this.#inputBlocked = true
        this.#target?.pause()
      }
    }

    /** The held body decoded at its end: handed over whole, or a failure, or to the streams. */
    #decodeWhole(whole: Held, limit: number, trailers: unknown): void {
      const input = whole.parts.length === 1 ? whole.parts[0] : Buffer.concat(whole.parts, whole.size)
      const outcome = Inflate.decodeWhole(input, whole.codings, limit)
      switch (outcome._tag) {
        case "Decoded": {
          if (outcome.body.length > 0) this.#deliver(outcome.body)
          if (this.#done) return
          this.#done = true
          return super.onResponseEnd(this.#controller, trailers)
        }
        case "TooLarge":
          return this.#fail(tooLarge(limit))
        case "Failed":
          return this.#fail(
            decodeFailure(`the ${outcome.coding} body could not be decoded: ${outcome.error.message}`, outcome.error)
          )
        case "Stream": {
          this.#trailers = trailers
          this.#startDecoders(whole.codings)
          this.#write(input)
          this.#decoders[0].end()
        }
      }
    }

    override onRequestStart(controller: Controller, context: unknown): void {
      this.#target = controller
      super.onRequestStart(this.#controller, context)
    }

    override onResponseStart(
      controller: Controller,
      statusCode: number,
      headers: Headers,
      statusMessage?: string
    ): void {
      this.#target = controller
      const header = headers["content-encoding"]
      if (this.#head || statusCode < 200 || statusCode === 204 || statusCode === 304 || header === undefined) {
        return super.onResponseStart(this.#controller, statusCode, headers, statusMessage)
      }
      const encoding = Encoding.parseContentEncoding(header, zstd)
      if (encoding._tag === "Identity") {
        return super.onResponseStart(this.#controller, statusCode, headers, statusMessage)
      }
      if (encoding._tag === "Unsupported") {
        // A 2xx in a coding the client cannot undo is refused before it is handed over (the request
        // fails, with the status on the error); another status keeps its body as sent (its status is
        // what the client acts on).
        if (statusCode >= 300) return super.onResponseStart(this.#controller, statusCode, headers, statusMessage)
        return this.#fail(Object.assign(unsupported(encoding.coding), { status: statusCode }))
      }
      if (this.#limit !== undefined) this.#whole = { codings: encoding.codings, parts: [], size: 0 }
      else this.#startDecoders(encoding.codings)
      const { "content-encoding": _encoding, "content-length": _length, ...decoded } = headers
      super.onResponseStart(this.#controller, statusCode, decoded, statusMessage)
    }

    override onResponseData(_controller: Controller, chunk: Buffer): void {
      if (this.#done) return
      const whole = this.#whole
      if (whole !== undefined) {
        whole.parts.push(chunk)
        whole.size += chunk.length
        if (whole.size <= Inflate.maxInput) return
        // Too large to hold: the streams take it from its first byte.
        this.#whole = undefined
        this.#startDecoders(whole.codings)
        for (const part of whole.parts) this.#write(part)
        return
      }
      if (this.#decoders.length === 0) return this.#deliver(chunk)
      this.#write(chunk)
    }

    override onResponseEnd(_controller: Controller, trailers: unknown): void {
      if (this.#done) return
      this.#inputEnded = true
      const whole = this.#whole
      if (whole !== undefined && this.#limit !== undefined) {
        this.#whole = undefined
        return this.#decodeWhole(whole, this.#limit, trailers)
      }
      const first = this.#decoders[0]
      if (first === undefined) return super.onResponseEnd(this.#controller, trailers)
      this.#trailers = trailers
      first.end()
    }

    override onResponseError(_controller: Controller, error: Error): void {
      if (this.#done) return
      this.#done = true
      this.#destroyDecoders()
      super.onResponseError(this.#controller, error)
    }
  }

  return <Options extends DispatchOptions, Handler extends object>(
    dispatch: (options: Options, handler: Handler) => boolean
  ) =>
  (options: Options, handler: Handler): boolean => {
    const { headers, limit } = prepareHeaders(options.headers)
    return dispatch(
      { ...options, headers },
      new DecodeHandler(handler, options.method === "HEAD", limit) as unknown as Handler
    )
  }
}

/** A compressed body held to be decoded whole: its codings, and its bytes as they came. */
interface Held {
  readonly codings: ReadonlyArray<Encoding.Coding>
  readonly parts: Array<Buffer>
  size: number
}

const unsupported = (coding: string): Error =>
  decodeFailure(`the body's Content-Encoding ${JSON.stringify(coding)} is not one the client decodes`)

/**
 * Compressed responses over undici: an interceptor for the agent of the node layer that asks for
 * `gzip, br` (and `zstd` where node:zlib decodes it) and decodes `gzip`, `br`, `deflate` and `zstd`
 * bodies with node:zlib streams as they arrive.
 *
 * undici's own `interceptors.decompress` is not used: undici 7 (the Effect 3 line's) prints an
 * `ExperimentalWarning` to stderr when it is created, it passes an unknown coding through as if it
 * were plain, and its errors carry no code the client could tell from a cut connection.
 *
 * - What reaches the platform is the decoded body, without `content-encoding` and
 *   `content-length`: the client counts the decoded bytes against `maxResponseBytes` as they arrive
 *   (client's internal/response.ts), and stops reading, so the decoder stops, past it.
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

const hasHeader = (headers: unknown, name: string): boolean => {
  if (headers === null || headers === undefined) return false
  if (Array.isArray(headers)) {
    // Flat [name, value, name, value] (or pairs).
    for (let i = 0; i < headers.length; i++) {
      const entry: unknown = headers[i]
      if (
        Array.isArray(entry)
          ? String(entry[0]).toLowerCase() === name
          : i % 2 === 0 && String(entry).toLowerCase() === name
      ) {
        return true
      }
    }
    return false
  }
  if (typeof headers === "object") {
    if (typeof (headers as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function") {
      for (const [key] of headers as Iterable<[string, string]>) if (key.toLowerCase() === name) return true
      return false
    }
    return Object.keys(headers).some((key) => key.toLowerCase() === name)
  }
  return false
}

/** The request's headers with `accept-encoding` added, unless it has one (a caller's choice wins). */
const withAcceptEncoding = (headers: unknown): unknown => {
  if (hasHeader(headers, "accept-encoding")) return headers
  if (headers === null || headers === undefined) return { "accept-encoding": acceptEncoding }
  if (Array.isArray(headers)) {
    return headers.length > 0 && Array.isArray(headers[0])
      ? [...headers, ["accept-encoding", acceptEncoding]]
      : [...headers, "accept-encoding", acceptEncoding]
  }
  if (typeof (headers as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function") {
    return [...(headers as Iterable<[string, string]>), ["accept-encoding", acceptEncoding]]
  }
  return { ...(headers as object), "accept-encoding": acceptEncoding }
}

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
    readonly #head: boolean
    // What the handler downstream sees as its controller: its pause and resume reach the decoder.
    readonly #controller: Controller

    constructor(handler: object, head: boolean) {
      super(handler)
      this.#head = head
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

    /** Fails the body once: downstream sees this error and nothing after it. */
    #fail(error: Error): void {
      if (this.#done) return
      this.#done = true
      this.#destroyDecoders()
      super.onResponseError(this.#controller, error)
      // Stops the socket reading a body nobody wants (a no-op once undici has read all of it).
      if (!this.#inputEnded) this.#target?.abort(error)
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
      const chain = encoding.codings.map((coding) => {
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
        super.onResponseData(this.#controller, chunk)
      })
      last.on("end", () => {
        if (this.#done) return
        this.#done = true
        this.#decoders = []
        super.onResponseEnd(this.#controller, this.#trailers)
      })
      const { "content-encoding": _encoding, "content-length": _length, ...decoded } = headers
      super.onResponseStart(this.#controller, statusCode, decoded, statusMessage)
    }

    override onResponseData(_controller: Controller, chunk: Buffer): void {
      if (this.#done) return
      const first = this.#decoders[0]
      if (first === undefined) return super.onResponseData(this.#controller, chunk)
      first.write(chunk)
      if (first.writableLength > maxBufferedInput && !this.#inputBlocked) {
        this.#inputBlocked = true
        this.#target?.pause()
      }
    }

    override onResponseEnd(_controller: Controller, trailers: unknown): void {
      if (this.#done) return
      this.#inputEnded = true
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
  (options: Options, handler: Handler): boolean =>
    dispatch(
      { ...options, headers: withAcceptEncoding(options.headers) },
      new DecodeHandler(handler, options.method === "HEAD") as unknown as Handler
    )
}

const unsupported = (coding: string): Error =>
  decodeFailure(`the body's Content-Encoding ${JSON.stringify(coding)} is not one the client decodes`)

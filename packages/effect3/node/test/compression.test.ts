// Compressed responses over the real undici layer (issue 27), against a raw node:http server on
// 127.0.0.1 (port 0) that compresses whether or not it was asked: what the layer asks for, each
// coding decoded, a decompression bomb stopped at maxResponseBytes of decoded bytes, corrupt data
// and an unknown coding as typed DecodeErrors (not retried), a body cut mid-stream retried as any
// cut connection is. Then the body limit the layer's agent enforces (Encoding.bodyLimitHeader): the
// header removed before any server sees it, a bomb or a plain chunked body stopped at the limit.
import Undici from "@effect/platform-node/Undici"
import { describe, expect, it } from "@effect/vitest"
import { SutroClient } from "@sutro-effect/client"
import * as Generator from "@sutro-effect/emulator/Generator"
import { NodeSutroClient } from "@sutro-effect/node"
import * as Encoding from "@sutro-effect/protocol/Encoding"
import * as Effect from "effect/Effect"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Redacted from "effect/Redacted"
import * as Crypto from "node:crypto"
import * as Http from "node:http"
import type * as Net from "node:net"
import * as Zlib from "node:zlib"
import { layerUndici } from "../src/internal/compat.js"
import { decompress } from "../src/internal/decode.js"
import * as Inflate from "../src/internal/inflate.js"

const jobs = Generator.generateJobs(100, 27)
const page = Buffer.from(JSON.stringify({ jobs, next_cursor: null }))
const zstd = typeof (Zlib as { zstdCompressSync?: unknown }).zstdCompressSync === "function"
const zstdCompress = (input: Buffer): Buffer =>
  (Zlib as unknown as { zstdCompressSync: (input: Buffer) => Buffer }).zstdCompressSync(input)

interface Sent {
  readonly status?: number
  readonly headers: Record<string, string>
  readonly body: Buffer
  /** Send this many bytes of the body (with the full content-length), then destroy the socket. */
  readonly cutAfter?: number
  /** Close the connection (a FIN, as a server's idle keep-alive timeout does) once the body is sent. */
  readonly endAfter?: boolean
}

interface Raw {
  readonly url: string
  /** The `accept-encoding` of each request received. */
  readonly accepted: Array<string | undefined>
  /** The headers of each request received. */
  readonly received: Array<Http.IncomingHttpHeaders>
}

/** A raw HTTP server: `answer` gives the response to the n-th request (1-based). */
const rawServer = (answer: (n: number) => Sent) =>
  Effect.acquireRelease(
    Effect.promise(() =>
      new Promise<{ server: Http.Server; raw: Raw }>((resolve) => {
        const accepted: Array<string | undefined> = []
        const received: Array<Http.IncomingHttpHeaders> = []
        const server = Http.createServer((req, res) => {
          accepted.push(req.headers["accept-encoding"])
          received.push(req.headers)
          const sent = answer(accepted.length)
          res.on("error", () => {})
          res.writeHead(sent.status ?? 200, {
            "content-type": "application/json",
            ...(sent.headers["transfer-encoding"] === undefined ? { "content-length": String(sent.body.length) } : {}),
            ...sent.headers
          })
          if (sent.endAfter === true) return void res.end(sent.body, () => req.socket.end())
          if (sent.cutAfter === undefined) return void res.end(sent.body)
          res.write(sent.body.subarray(0, sent.cutAfter), () => setTimeout(() => req.socket.destroy(), 20))
        })
        server.listen(0, "127.0.0.1", () => {
          const { port } = server.address() as Net.AddressInfo
          resolve({ server, raw: { url: `http://127.0.0.1:${port}`, accepted, received } })
        })
      })
    ),
    ({ server }) =>
      Effect.promise(() =>
        new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
      )
  ).pipe(Effect.map(({ raw }) => raw))

const listJobs = (url: string, options: { readonly maxRetries?: number; readonly maxResponseBytes?: number } = {}) =>
  Effect.flatMap(SutroClient.SutroClient, (sutro) =>
    sutro.listJobs({ limit: 100 }, {
      retry: { maxRetries: options.maxRetries ?? 0, baseDelay: 1, jitter: false },
      ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes })
    })).pipe(
      Effect.provide(NodeSutroClient.layer({ apiKey: Redacted.make("sk-test"), baseUrl: url, allowInsecureHttp: true }))
    )

const jobIds = jobs.map((job) => job.job_id)

describe("NodeSutroClient: compressed responses", () => {
  it.live("asks for gzip and br (zstd where node:zlib decodes it)", () =>
    Effect.scoped(Effect.gen(function*() {
      const raw = yield* rawServer(() => ({ headers: {}, body: page }))
      const result = yield* listJobs(raw.url)
      expect(result.jobs.map((job) => job.job_id)).toEqual(jobIds)
      expect(raw.accepted).toEqual([zstd ? "gzip, br, zstd" : "gzip, br"])
    })))

  const codings: ReadonlyArray<readonly [string, (body: Buffer) => Buffer]> = [
    ["gzip", (body) => Zlib.gzipSync(body)],
    ["x-gzip", (body) => Zlib.gzipSync(body)],
    ["br", (body) => Zlib.brotliCompressSync(body)],
    ["deflate", (body) => Zlib.deflateSync(body)],
    ["gzip, br", (body) => Zlib.brotliCompressSync(Zlib.gzipSync(body))],
    ...(zstd ? [["zstd", zstdCompress] as const] : [])
  ]
  for (const [coding, compress] of codings) {
    it.live(`decodes a ${coding} page`, () =>
      Effect.scoped(Effect.gen(function*() {
        const body = compress(page)
        const raw = yield* rawServer(() => ({ headers: { "content-encoding": coding }, body }))
        const result = yield* listJobs(raw.url)
        expect(result.jobs.map((job) => job.job_id)).toEqual(jobIds)
        expect(body.length).toBeLessThan(page.length / 4)
      })))
  }

  it.live("decodes a chunked gzip page (no content-length)", () =>
    Effect.scoped(Effect.gen(function*() {
      const raw = yield* rawServer(() => ({
        headers: { "content-encoding": "gzip", "transfer-encoding": "chunked" },
        body: Zlib.gzipSync(page)
      }))
      const result = yield* listJobs(raw.url)
      expect(result.jobs).toHaveLength(100)
    })))

  it.live("decodes an error body: a gzipped 503 keeps its status and detail", () =>
    Effect.scoped(Effect.gen(function*() {
      const raw = yield* rawServer(() => ({
        status: 503,
        headers: { "content-encoding": "gzip" },
        body: Zlib.gzipSync(JSON.stringify({ detail: "down for maintenance" }))
      }))
      const error = yield* Effect.flip(listJobs(raw.url))
      expect(error).toMatchObject({ _tag: "ServerError", status: 503 })
      expect(error.message).toContain("down for maintenance")
    })))

  it.live("a decompression bomb: DecodeError TooLarge at maxResponseBytes of decoded bytes, one attempt", () =>
    Effect.scoped(Effect.gen(function*() {
      // 10 MB of spaces (valid JSON padding) gzipped to about 10 KB.
      const bomb = Zlib.gzipSync(
        Buffer.concat([Buffer.from("{\"jobs\":[],\"next_cursor\":null}"), Buffer.alloc(10_000_000, 32)])
      )
      expect(bomb.length).toBeLessThan(20_000)
      const raw = yield* rawServer(() => ({ headers: { "content-encoding": "gzip" }, body: bomb }))
      const error = yield* Effect.flip(listJobs(raw.url, { maxRetries: 3, maxResponseBytes: 1_000_000 }))
      expect(error).toMatchObject({ _tag: "DecodeError", kind: "TooLarge", limitBytes: 1_000_000 })
      expect(raw.accepted).toHaveLength(1)
    })))

  it.live("a body one decoded byte over maxResponseBytes: DecodeError TooLarge, one attempt; at the limit: read", () =>
    Effect.scoped(Effect.gen(function*() {
      const head = Buffer.from("{\"jobs\":[],\"next_cursor\":null}")
      const padded = Buffer.alloc(1_000_001, 32)
      head.copy(padded)
      const over = yield* rawServer(() => ({ headers: { "content-encoding": "gzip" }, body: Zlib.gzipSync(padded) }))
      const error = yield* Effect.flip(listJobs(over.url, { maxRetries: 3, maxResponseBytes: 1_000_000 }))
      expect(error).toMatchObject({ _tag: "DecodeError", kind: "TooLarge" })
      expect(over.accepted).toHaveLength(1)
      const at = yield* rawServer(() => ({
        headers: { "content-encoding": "gzip" },
        body: Zlib.gzipSync(padded.subarray(0, 1_000_000))
      }))
      const result = yield* listJobs(at.url, { maxResponseBytes: 1_000_000 })
      expect(result.jobs).toEqual([])
    })))

  it.live("a large compressed body, the connection closed by the server once sent: decoded whole", () =>
    Effect.scoped(Effect.gen(function*() {
      // Some 1 MB of gzip (5,000 jobs, 3 MB decoded): many socket reads, while the reader is busy.
      const many = Generator.generateJobs(5_000, 28)
      const body = Zlib.gzipSync(JSON.stringify({ jobs: many, next_cursor: null }))
      expect(body.length).toBeGreaterThan(200_000)
      const raw = yield* rawServer(() => ({ headers: { "content-encoding": "gzip" }, body, endAfter: true }))
      const result = yield* listJobs(raw.url)
      expect(result.jobs.map((job) => job.job_id)).toEqual(many.map((job) => job.job_id))
    })))

  it.live("corrupt gzip data (a bad header): DecodeError kind Encoding, not retried", () =>
    Effect.scoped(Effect.gen(function*() {
      const corrupt = Buffer.from(Zlib.gzipSync(page))
      corrupt[0] = 0
      const raw = yield* rawServer(() => ({ headers: { "content-encoding": "gzip" }, body: corrupt }))
      const error = yield* Effect.flip(listJobs(raw.url, { maxRetries: 3 }))
      expect(error).toMatchObject({ _tag: "DecodeError", kind: "Encoding", status: 200 })
      expect(error.message).toContain("gzip body could not be decoded")
      expect(raw.accepted).toHaveLength(1)
    })))

  it.live("corrupt gzip data (a bad CRC): DecodeError kind Encoding", () =>
    Effect.scoped(Effect.gen(function*() {
      const corrupt = Buffer.from(Zlib.gzipSync(page))
      corrupt[corrupt.length - 6] ^= 0xff
      const raw = yield* rawServer(() => ({ headers: { "content-encoding": "gzip" }, body: corrupt }))
      const error = yield* Effect.flip(listJobs(raw.url, { maxRetries: 3 }))
      expect(error).toMatchObject({ _tag: "DecodeError", kind: "Encoding" })
      expect(error.message).toContain("incorrect data check")
      expect(raw.accepted).toHaveLength(1)
    })))

  it.live("corrupt brotli data: DecodeError kind Encoding", () =>
    Effect.scoped(Effect.gen(function*() {
      const raw = yield* rawServer(() => ({
        headers: { "content-encoding": "br" },
        body: Buffer.from("not brotli at all")
      }))
      const error = yield* Effect.flip(listJobs(raw.url))
      expect(error).toMatchObject({ _tag: "DecodeError", kind: "Encoding" })
    })))

  it.live("a compressed body cut mid-stream: retried as a cut connection, then decoded", () =>
    Effect.scoped(Effect.gen(function*() {
      const body = Zlib.gzipSync(page)
      const raw = yield* rawServer((n) => ({
        headers: { "content-encoding": "gzip" },
        body,
        ...(n === 1 ? { cutAfter: Math.floor(body.length / 2) } : {})
      }))
      const result = yield* listJobs(raw.url, { maxRetries: 1 })
      expect(result.jobs).toHaveLength(100)
      expect(raw.accepted).toHaveLength(2)
    })))

  it.live("a compressed body cut mid-stream with no retries left: TransportError", () =>
    Effect.scoped(Effect.gen(function*() {
      const body = Zlib.gzipSync(page)
      const raw = yield* rawServer(() => ({
        headers: { "content-encoding": "gzip" },
        body,
        cutAfter: Math.floor(body.length / 2)
      }))
      const error = yield* Effect.flip(listJobs(raw.url))
      expect(error._tag).toBe("TransportError")
    })))

  it.live("an unknown Content-Encoding: DecodeError kind Encoding naming it, not retried", () =>
    Effect.scoped(Effect.gen(function*() {
      const raw = yield* rawServer(() => ({
        headers: { "content-encoding": "lzma" },
        body: Buffer.from("]\0\0\x80\0")
      }))
      const error = yield* Effect.flip(listJobs(raw.url, { maxRetries: 3 }))
      expect(error._tag).toBe("DecodeError")
      expect(error).toMatchObject({ kind: "Encoding", status: 200 })
      expect(error.message).toContain(`"lzma"`)
      expect(raw.accepted).toHaveLength(1)
    })))
})

describe("NodeSutroClient: the body limit its agent enforces (Encoding.bodyLimitHeader)", () => {
  const limit = 64 * 1024
  const zeros = (bytes: number) => Buffer.alloc(bytes)

  /** The node layer's agent (compat.ts builds the same one): undici's, composed with ./decode.ts. */
  const agent = Effect.acquireRelease(
    Effect.sync(() => new Undici.Agent().compose(decompress(Undici.DecoratorHandler as never))),
    (dispatcher) => Effect.promise(() => dispatcher.close())
  )

  interface Read {
    /** The bytes of the body handed over before it ended or failed. */
    readonly bytes: number
    readonly error: unknown
  }

  /** A GET through the agent with these headers, its body read to the end (or its failure). */
  const get = (url: string, headers: unknown) =>
    Effect.flatMap(agent, (dispatcher) =>
      Effect.promise(async (): Promise<Read> => {
        const { body } = await dispatcher.request({ origin: url, path: "/", method: "GET", headers: headers as never })
        let bytes = 0
        try {
          for await (const chunk of body) bytes += (chunk as Buffer).length
          return { bytes, error: undefined }
        } catch (error) {
          return { bytes, error }
        }
      }))

  const limited = (value: number | string) => ({ [Encoding.bodyLimitHeader]: String(value) })

  const expectTooLarge = (read: Read) => {
    expect(read.error).toMatchObject({
      code: Encoding.tooLargeCode,
      message: `more than ${limit} bytes received, reading stopped`
    })
    expect(read.bytes).toBeLessThanOrEqual(limit)
  }

  const shapes: ReadonlyArray<readonly [string, () => unknown]> = [
    ["an object", () => ({ "x-other": "kept", ...limited(limit) })],
    ["an object, the name in capitals", () => ({ "X-Other": "kept", "X-Sutro-Effect-Body-Limit": String(limit) })],
    ["a flat array", () => ["x-other", "kept", Encoding.bodyLimitHeader, String(limit)]],
    ["an array of pairs", () => [["x-other", "kept"], [Encoding.bodyLimitHeader, String(limit)]]],
    ["a Map", () => new Map([["x-other", "kept"], [Encoding.bodyLimitHeader, String(limit)]])],
    ["an iterable read once", () =>
      (function*() {
        yield ["x-other", "kept"]
        yield [Encoding.bodyLimitHeader, String(limit)]
      })()],
    ["an object with an accept-encoding", () => ({ "x-other": "kept", "accept-encoding": "gzip", ...limited(limit) })]
  ]
  for (const [shape, headers] of shapes) {
    it.live(`the header in ${shape}: removed before the request is written, the limit enforced, other headers sent`, () =>
      Effect.scoped(Effect.gen(function*() {
        const raw = yield* rawServer(() => ({
          headers: { "content-encoding": "gzip" },
          body: Zlib.gzipSync(zeros(limit + 1))
        }))
        const read = yield* get(raw.url, headers())
        expectTooLarge(read)
        expect(raw.received).toHaveLength(1)
        expect(raw.received[0][Encoding.bodyLimitHeader]).toBeUndefined()
        expect(raw.received[0]["x-other"]).toBe("kept")
        expect(raw.received[0]["accept-encoding"]).toBeDefined()
      })))
  }

  it.live("a value that is not a plain number: removed all the same, no limit", () =>
    Effect.scoped(Effect.gen(function*() {
      const raw = yield* rawServer(() => ({
        headers: { "content-encoding": "gzip" },
        body: Zlib.gzipSync(zeros(limit * 4))
      }))
      for (const value of ["", "64k", "-1", "1e6", "99999999999999999"]) {
        const read = yield* get(raw.url, { "x-other": "kept", ...limited(value) })
        expect(read).toEqual({ bytes: limit * 4, error: undefined })
      }
      expect(raw.received).toHaveLength(5)
      for (const headers of raw.received) {
        expect(headers[Encoding.bodyLimitHeader]).toBeUndefined()
        expect(headers["x-other"]).toBe("kept")
      }
    })))

  it.live("through the layer's HttpClient (the platform's own header shape): the header never reaches the server", () =>
    Effect.scoped(Effect.gen(function*() {
      const raw = yield* rawServer(() => ({ headers: {}, body: page }))
      const client = yield* HttpClient.HttpClient
      const response = yield* client.execute(
        HttpClientRequest.get(raw.url).pipe(
          HttpClientRequest.setHeader("x-other", "kept"),
          HttpClientRequest.setHeader(Encoding.bodyLimitHeader, String(page.length))
        )
      )
      expect(yield* response.text).toBe(page.toString())
      expect(raw.received).toHaveLength(1)
      expect(raw.received[0][Encoding.bodyLimitHeader]).toBeUndefined()
      expect(raw.received[0]["x-other"]).toBe("kept")
    })).pipe(Effect.provide(layerUndici)))

  const bombs: ReadonlyArray<readonly [string, (body: Buffer) => Buffer]> = [
    ["gzip", (body) => Zlib.gzipSync(body)],
    // (quality 5: the default, 11, takes a second over 16 MiB)
    ["br", (body) => Zlib.brotliCompressSync(body, { params: { [Zlib.constants.BROTLI_PARAM_QUALITY]: 5 } })]
  ]
  for (const [coding, compress] of bombs) {
    it.live(`a ${coding} bomb (16 MiB of zeros): fails at the limit, no more than the limit handed over, one request`, () =>
      Effect.scoped(Effect.gen(function*() {
        const bomb = compress(zeros(16 * 1024 * 1024))
        expect(bomb.length).toBeLessThan(limit)
        const raw = yield* rawServer(() => ({ headers: { "content-encoding": coding }, body: bomb }))
        expectTooLarge(yield* get(raw.url, limited(limit)))
        expect(raw.received).toHaveLength(1)
      })))
  }

  it.live("through the layer's HttpClient: a bomb's body fails with an error the client finds (Encoding.bodyTooLarge)", () =>
    Effect.scoped(Effect.gen(function*() {
      const raw = yield* rawServer(() => ({
        headers: { "content-encoding": "gzip" },
        body: Zlib.gzipSync(zeros(16 * 1024 * 1024))
      }))
      const client = yield* HttpClient.HttpClient
      const response = yield* client.execute(
        HttpClientRequest.get(raw.url).pipe(HttpClientRequest.setHeader(Encoding.bodyLimitHeader, String(limit)))
      )
      // (a body read whole would fail the test with a short note, not with 16 MiB of text)
      const error = yield* Effect.flip(Effect.map(response.text, (text) => `${text.length} characters read`))
      expect(Encoding.bodyTooLarge(error)).toBe(`more than ${limit} bytes received, reading stopped`)
      expect(raw.received).toHaveLength(1)
    })).pipe(Effect.provide(layerUndici)))

  it.live("a plain body over the limit: fails at the limit, chunked (no content-length) or not", () =>
    Effect.scoped(Effect.gen(function*() {
      const chunked = yield* rawServer(() => ({ headers: { "transfer-encoding": "chunked" }, body: zeros(limit * 4) }))
      expectTooLarge(yield* get(chunked.url, limited(limit)))
      expect(chunked.received).toHaveLength(1)
      const sized = yield* rawServer(() => ({ headers: {}, body: zeros(limit * 4) }))
      expectTooLarge(yield* get(sized.url, limited(limit)))
    })))

  it.live("a body of exactly the limit: handed over whole; one byte more: fails", () =>
    Effect.scoped(Effect.gen(function*() {
      for (const [coding, compress] of [...bombs, ["identity", (body: Buffer) => body] as const]) {
        const headers = coding === "identity" ? { "transfer-encoding": "chunked" } : { "content-encoding": coding }
        const at = yield* rawServer(() => ({ headers, body: compress(zeros(limit)) }))
        expect(yield* get(at.url, limited(limit))).toEqual({ bytes: limit, error: undefined })
        const over = yield* rawServer(() => ({ headers, body: compress(zeros(limit + 1)) }))
        expectTooLarge(yield* get(over.url, limited(limit)))
      }
    })))

  it.live("without the header: no limit, the same bodies handed over whole", () =>
    Effect.scoped(Effect.gen(function*() {
      const big = 16 * 1024 * 1024
      const bomb = yield* rawServer(() => ({
        headers: { "content-encoding": "gzip" },
        body: Zlib.gzipSync(zeros(big))
      }))
      expect(yield* get(bomb.url, { "x-other": "kept" })).toEqual({ bytes: big, error: undefined })
      const chunked = yield* rawServer(() => ({ headers: { "transfer-encoding": "chunked" }, body: zeros(limit * 4) }))
      expect(yield* get(chunked.url, undefined)).toEqual({ bytes: limit * 4, error: undefined })
      // And the limit is per request: the same agent enforces it on the next one that names it.
      expectTooLarge(yield* get(chunked.url, limited(limit)))
    })))

  describe("with a limit, a small compressed body is decoded whole at its end (./inflate.ts)", () => {
    interface Chunks {
      readonly chunks: number
      readonly body: Buffer
      readonly error: unknown
    }
    /** A GET dispatched through the agent, with each chunk of its body as the handler receives it. */
    const chunksOf = (url: string, headers: unknown) =>
      Effect.flatMap(agent, (dispatcher) =>
        Effect.promise(() =>
          new Promise<Chunks>((resolve) => {
            const parts: Array<Buffer> = []
            const done = (error: unknown) => resolve({ chunks: parts.length, body: Buffer.concat(parts), error })
            dispatcher.dispatch({ origin: url, path: "/", method: "GET", headers: headers as never }, {
              onRequestStart: () => {},
              onResponseStart: () => {},
              onResponseData: (_controller: unknown, chunk: Buffer) => {
                parts.push(chunk)
              },
              onResponseEnd: () => done(undefined),
              onResponseError: (_controller: unknown, error: unknown) => done(error)
            } as never)
          })
        ))
    const brotli = (body: Buffer) =>
      Zlib.brotliCompressSync(body, { params: { [Zlib.constants.BROTLI_PARAM_QUALITY]: 5 } })

    for (const [coding, compress] of [["gzip", Zlib.gzipSync], ["br", brotli]] as const) {
      it.live(`a ${coding} page: one chunk with a limit, the decoder stream's chunks without`, () =>
        Effect.scoped(Effect.gen(function*() {
          const raw = yield* rawServer(() => ({ headers: { "content-encoding": coding }, body: compress(page) }))
          const whole = yield* chunksOf(raw.url, limited(limit * 4))
          expect(whole.error).toBeUndefined()
          expect(whole.chunks).toBe(1)
          expect(whole.body.equals(page)).toBe(true)
          const streamed = yield* chunksOf(raw.url, undefined)
          expect(streamed.chunks).toBeGreaterThan(1)
          expect(streamed.body.equals(page)).toBe(true)
        })))
    }

    it.live("more than Inflate.maxInput compressed: the streams, from its first byte", () =>
      Effect.scoped(Effect.gen(function*() {
        const incompressible = Crypto.randomBytes(Inflate.maxInput + 64 * 1024)
        const raw = yield* rawServer(() => ({
          headers: { "content-encoding": "gzip" },
          body: Zlib.gzipSync(incompressible)
        }))
        const read = yield* chunksOf(raw.url, limited(4 * 1024 * 1024))
        expect(read.error).toBeUndefined()
        expect(read.chunks).toBeGreaterThan(1)
        expect(read.body.equals(incompressible)).toBe(true)
      })))

    it.live("more than Inflate.maxOutput decoded under a larger limit: the streams, the body whole", () =>
      Effect.scoped(Effect.gen(function*() {
        const size = Inflate.maxOutput + 1024
        const raw = yield* rawServer(() => ({
          headers: { "content-encoding": "gzip" },
          body: Zlib.gzipSync(zeros(size))
        }))
        const read = yield* chunksOf(raw.url, limited(4 * size))
        expect(read.error).toBeUndefined()
        expect(read.chunks).toBeGreaterThan(1)
        expect(read.body.length).toBe(size)
      })))

    it.live("corrupt data is a decode failure; a body cut off by the connection is not", () =>
      Effect.scoped(Effect.gen(function*() {
        const compressed = Zlib.gzipSync(page)
        const corrupt = Buffer.from(compressed)
        corrupt.fill(0xaa, corrupt.length >> 1, (corrupt.length >> 1) + 16)
        const bad = yield* rawServer(() => ({ headers: { "content-encoding": "gzip" }, body: corrupt }))
        const failed = yield* chunksOf(bad.url, limited(limit * 4))
        expect(failed.chunks).toBe(0)
        expect(failed.error).toMatchObject({ code: Encoding.decodeFailedCode })
        const cut = yield* rawServer(() => ({
          headers: { "content-encoding": "gzip" },
          body: compressed,
          cutAfter: compressed.length >> 1
        }))
        const reset = yield* chunksOf(cut.url, limited(limit * 4))
        expect(reset.chunks).toBe(0)
        expect(reset.error).toBeDefined()
        expect(Encoding.decodeFailure(reset.error)).toBeUndefined()
      })))
  })

  it.live("the layer's HttpClient is marked a bounded transport; a client derived from it is not", () =>
    Effect.gen(function*() {
      const client = yield* HttpClient.HttpClient
      expect(Encoding.isBoundedTransport(client)).toBe(true)
      expect(Encoding.isBoundedTransport(HttpClient.mapRequest(client, (request) => request))).toBe(false)
      expect(Encoding.isBoundedTransport(HttpClient.transform(client, (effect) => effect))).toBe(false)
    }).pipe(Effect.provide(layerUndici)))
})
// @generated by scripts/one-source.mjs from packages/effect4/node/test/compression.test.ts: edit that file, then run `pnpm one-source`

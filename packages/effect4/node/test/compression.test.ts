// Compressed responses over the real undici layer (issue 27), against a raw node:http server on
// 127.0.0.1 (port 0) that compresses whether or not it was asked: what the layer asks for, each
// coding decoded, a decompression bomb stopped at maxResponseBytes of decoded bytes, corrupt data
// and an unknown coding as typed DecodeErrors (not retried), a body cut mid-stream retried as any
// cut connection is.
import { describe, expect, it } from "@effect/vitest"
import { SutroClient } from "@sutro-effect/client"
import * as Generator from "@sutro-effect/emulator/Generator"
import { NodeSutroClient } from "@sutro-effect/node"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Http from "node:http"
import type * as Net from "node:net"
import * as Zlib from "node:zlib"

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
}

/** A raw HTTP server: `answer` gives the response to the n-th request (1-based). */
const rawServer = (answer: (n: number) => Sent) =>
  Effect.acquireRelease(
    Effect.promise(() =>
      new Promise<{ server: Http.Server; raw: Raw }>((resolve) => {
        const accepted: Array<string | undefined> = []
        const server = Http.createServer((req, res) => {
          accepted.push(req.headers["accept-encoding"])
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
          resolve({ server, raw: { url: `http://127.0.0.1:${port}`, accepted } })
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

// Transport corners over the real undici layer, against raw servers on 127.0.0.1 (port 0) written
// for the purpose (issue 26 item 6): interim 1xx responses before the final one.
import { describe, expect, it } from "@effect/vitest"
import { SutroClient } from "@sutro-effect/client"
import { NodeSutroClient } from "@sutro-effect/node"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Net from "node:net"

const body = JSON.stringify({ jobs: [], next_cursor: null })
const ok = (keepAlive: boolean) =>
  `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
  `connection: ${keepAlive ? "keep-alive" : "close"}\r\n\r\n${body}`

interface Raw {
  readonly url: string
  readonly connections: () => number
  readonly requests: () => number
}

/** A raw HTTP/1.1 server: `answer` writes the response to the n-th request (1-based) of the server. */
const rawServer = (answer: (socket: Net.Socket, n: number) => void) =>
  Effect.acquireRelease(
    Effect.promise(() =>
      new Promise<{ server: Net.Server; raw: Raw }>((resolve) => {
        let connections = 0
        let requests = 0
        const sockets = new Set<Net.Socket>()
        const server = Net.createServer((socket) => {
          connections++
          sockets.add(socket)
          socket.on("close", () => sockets.delete(socket))
          socket.on("error", () => {})
          let received = ""
          socket.on("data", (data) => {
            received += data.toString("latin1")
            while (received.includes("\r\n\r\n")) {
              received = received.slice(received.indexOf("\r\n\r\n") + 4)
              answer(socket, ++requests)
            }
          })
        })
        server.on("close", () => {
          for (const socket of sockets) socket.destroy()
        })
        server.listen(0, "127.0.0.1", () => {
          const { port } = server.address() as Net.AddressInfo
          resolve({
            server,
            raw: { url: `http://127.0.0.1:${port}`, connections: () => connections, requests: () => requests }
          })
        })
      })
    ),
    ({ server }) =>
      Effect.promise(() =>
        new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.emit("close")
        })
      )
  ).pipe(Effect.map(({ raw }) => raw))

const listJobs = (url: string, maxRetries = 0) =>
  Effect.flatMap(SutroClient.SutroClient, (sutro) =>
    Effect.all([
      sutro.listJobs({ limit: 1 }, { retry: { maxRetries, baseDelay: 1, jitter: false } }),
      // The first response's end reaches undici a moment after its body was read: the connection is
      // free to reuse then.
      Effect.andThen(
        Effect.sleep(20),
        sutro.listJobs({ limit: 1 }, { retry: { maxRetries, baseDelay: 1, jitter: false } })
      )
    ])).pipe(
      Effect.provide(NodeSutroClient.layer({ apiKey: Redacted.make("sk-test"), baseUrl: url, allowInsecureHttp: true }))
    )

describe("NodeSutroClient: interim 1xx responses (RFC 9110 §15.2)", () => {
  const cases: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
    ["nothing", []],
    ["an unsolicited 100 Continue", ["HTTP/1.1 100 Continue\r\n\r\n"]],
    ["a 103 Early Hints", ["HTTP/1.1 103 Early Hints\r\nlink: </a.css>; rel=preload\r\n\r\n"]],
    ["100 then 103, each split over writes", [
      "HTTP/1.1 1",
      "00 Continue\r",
      "\n\r\nHTTP/1.1 103 Ear",
      "ly Hints\r\n\r\n"
    ]]
  ]
  for (const [name, interim] of cases) {
    it.live(`${name} before each 200 on a kept-alive connection: both calls succeed, one connection`, () =>
      Effect.scoped(Effect.gen(function*() {
        const raw = yield* rawServer((socket) => {
          const parts = [...interim, ok(true)]
          const next = (i: number) => {
            if (i === parts.length || socket.destroyed) return
            socket.write(parts[i])
            setTimeout(() => next(i + 1), 5)
          }
          next(0)
        })
        const [first, second] = yield* listJobs(raw.url)
        expect(first.jobs).toEqual([])
        expect(second.jobs).toEqual([])
        expect(raw.requests()).toBe(2)
        expect(raw.connections()).toBe(1)
      })))
  }
})

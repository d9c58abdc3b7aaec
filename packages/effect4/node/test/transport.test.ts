// Transport corners over the real undici layer, against raw servers on 127.0.0.1 (port 0) written
// for the purpose (issue 26 item 6): interim 1xx responses before the final one, a refused TLS
// certificate, a kept-alive connection the server closed as the client reused it.
import { describe, expect, it } from "@effect/vitest"
import { SutroClient } from "@sutro-effect/client"
import { NodeSutroClient } from "@sutro-effect/node"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Net from "node:net"
import * as Tls from "node:tls"

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

// A self-signed certificate for 127.0.0.1 (P-256, valid from 2020 to 2126, so a machine whose clock
// is behind still sees it as valid and refuses it only as self-signed), made once with Python's
// `cryptography` (CertificateBuilder, SubjectAlternativeName IP 127.0.0.1). A test key, for this test only.
const selfSigned = {
  cert: `-----BEGIN CERTIFICATE-----
MIIBPjCB5aADAgECAhQGjhMzGhiVTrNgeTdCvoaulSliDDAKBggqhkjOPQQDAjAU
MRIwEAYDVQQDDAkxMjcuMC4wLjEwIBcNMjAwMTAxMDAwMDAwWhgPMjEyNjAxMDEw
MDAwMDBaMBQxEjAQBgNVBAMMCTEyNy4wLjAuMTBZMBMGByqGSM49AgEGCCqGSM49
AwEHA0IABBCv4A0c7PfI48KbHCVj1Vmuh8xQ/q3yyUvmCmtLCr30Qsy5u7uj8sUx
wjIvNplVG+yYXP2DQ6rhjlNHDCGwC4ejEzARMA8GA1UdEQQIMAaHBH8AAAEwCgYI
KoZIzj0EAwIDSAAwRQIgAhGXks8q2A538NdDnU82YF0tCG0e6KG+L1AasdwE2VIC
IQCeTpXtzvHtVxwdh86ammR8I2H1fvj4EJKx3yLo2n2uxg==
-----END CERTIFICATE-----
`,
  key: `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgmPA2SRKIBWw4r+aK
VE++YspUJ/akmfHco0HEId0AC6ChRANCAAQQr+ANHOz3yOPCmxwlY9VZrofMUP6t
8slL5gprSwq99ELMubu7o/LFMcIyLzaZVRvsmFz9g0Oq4Y5TRwwhsAuH
-----END PRIVATE KEY-----
`
}

/** An HTTPS server with the self-signed certificate: counts TCP connections, answers 200. */
const tlsServer = Effect.acquireRelease(
  Effect.promise(() =>
    new Promise<{ server: Tls.Server; url: string; connections: () => number }>((resolve) => {
      let connections = 0
      const server = Tls.createServer(selfSigned, (socket) => {
        socket.on("error", () => {})
        socket.on("data", () => socket.end(ok(false)))
      })
      server.on("connection", () => connections++)
      server.on("tlsClientError", () => {})
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as Net.AddressInfo
        resolve({ server, url: `https://127.0.0.1:${port}`, connections: () => connections })
      })
    })
  ),
  ({ server }) => Effect.promise(() => new Promise<void>((resolve) => server.close(() => resolve())))
)

describe("NodeSutroClient: a refused TLS certificate", () => {
  it.live("self-signed: one connection, a TransportError that says why, not retried", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* tlsServer
      const error = yield* Effect.flip(
        Effect.flatMap(
          SutroClient.SutroClient,
          (sutro) => sutro.listJobs({ limit: 1 }, { retry: { maxRetries: 4, baseDelay: 1, jitter: false } })
        ).pipe(
          Effect.provide(NodeSutroClient.layer({ apiKey: Redacted.make("sk-test"), baseUrl: server.url }))
        )
      )
      expect(error).toMatchObject({
        _tag: "TransportError",
        reason: "Certificate",
        code: "DEPTH_ZERO_SELF_SIGNED_CERT",
        attempts: 1
      })
      expect(error.message).toContain("TLS certificate was refused (the certificate is self-signed;")
      expect(error.message).toContain("not retried")
      expect(server.connections()).toBe(1)
    })))
})

describe("NodeSutroClient: a kept-alive connection closed as it is reused", () => {
  it.live("with maxRetries 0, the request is sent again at once on a new connection, and succeeds", () =>
    Effect.scoped(Effect.gen(function*() {
      // The first connection answers its first request, kept alive, then closes when the next one
      // arrives, before any byte of its response; every later connection answers.
      const raw = yield* rawServer((socket, n) => {
        if (n === 2) socket.destroy()
        else socket.write(ok(true))
      })
      const [first, second] = yield* listJobs(raw.url, 0)
      expect(first.jobs).toEqual([])
      expect(second.jobs).toEqual([])
      expect(raw.requests()).toBe(3)
      expect(raw.connections()).toBe(2)
    })))

  it.live("a server that closes every connection before answering: two requests per attempt, then the error", () =>
    Effect.scoped(Effect.gen(function*() {
      const raw = yield* rawServer((socket) => socket.destroy())
      const error = yield* Effect.flip(
        Effect.flatMap(
          SutroClient.SutroClient,
          (sutro) => sutro.listJobs({ limit: 1 }, { retry: { maxRetries: 1, baseDelay: 1, jitter: false } })
        ).pipe(
          Effect.provide(
            NodeSutroClient.layer({ apiKey: Redacted.make("sk-test"), baseUrl: raw.url, allowInsecureHttp: true })
          )
        )
      )
      expect(error).toMatchObject({ _tag: "TransportError", reason: "ConnectionClosed", attempts: 2 })
      expect(raw.requests()).toBe(4)
    })))
})

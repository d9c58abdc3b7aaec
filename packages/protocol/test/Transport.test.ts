import { describe, expect, it } from "vitest"
import * as Transport from "../src/Transport.js"

const withCode = (message: string, code: string, cause?: unknown) =>
  Object.assign(new Error(message, { cause }), { code })

describe("Transport.classify", () => {
  const table: ReadonlyArray<readonly [string, unknown, Transport.Classified]> = [
    ["self-signed", withCode("self-signed certificate", "DEPTH_ZERO_SELF_SIGNED_CERT"), {
      kind: "Certificate",
      code: "DEPTH_ZERO_SELF_SIGNED_CERT"
    }],
    ["self-signed in chain", withCode("x", "SELF_SIGNED_CERT_IN_CHAIN"), {
      kind: "Certificate",
      code: "SELF_SIGNED_CERT_IN_CHAIN"
    }],
    ["expired", withCode("certificate has expired", "CERT_HAS_EXPIRED"), {
      kind: "Certificate",
      code: "CERT_HAS_EXPIRED"
    }],
    ["host name", withCode("Hostname/IP does not match", "ERR_TLS_CERT_ALTNAME_INVALID"), {
      kind: "Certificate",
      code: "ERR_TLS_CERT_ALTNAME_INVALID"
    }],
    ["unknown issuer", withCode("unable to verify", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"), {
      kind: "Certificate",
      code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE"
    }],
    [
      "fetch failed around a certificate error",
      new TypeError("fetch failed", {
        cause: withCode("x", "CERT_HAS_EXPIRED")
      }),
      { kind: "Certificate", code: "CERT_HAS_EXPIRED" }
    ],
    ["a coded wrapper around a certificate error", withCode("wrapped", "UND_ERR", withCode("x", "CERT_HAS_EXPIRED")), {
      kind: "Certificate",
      code: "CERT_HAS_EXPIRED"
    }],
    ["reset", withCode("read ECONNRESET", "ECONNRESET"), { kind: "ConnectionClosed", code: "ECONNRESET" }],
    ["broken pipe", withCode("write EPIPE", "EPIPE"), { kind: "ConnectionClosed", code: "EPIPE" }],
    ["undici: other side closed", withCode("other side closed", "UND_ERR_SOCKET"), {
      kind: "ConnectionClosed",
      code: "UND_ERR_SOCKET"
    }],
    ["undici: closed", withCode("closed", "UND_ERR_SOCKET"), { kind: "ConnectionClosed", code: "UND_ERR_SOCKET" }],
    ["undici: bad response", withCode("bad response", "UND_ERR_SOCKET"), { kind: "Other", code: "UND_ERR_SOCKET" }],
    ["refused", withCode("connect ECONNREFUSED 127.0.0.1:1", "ECONNREFUSED"), { kind: "Other", code: "ECONNREFUSED" }],
    ["DNS", withCode("getaddrinfo ENOTFOUND x", "ENOTFOUND"), { kind: "Other", code: "ENOTFOUND" }],
    ["no code", new TypeError("Failed to fetch"), { kind: "Other", code: undefined }],
    ["not an error", "boom", { kind: "Other", code: undefined }],
    ["a numeric code", Object.assign(new Error("x"), { code: 5 }), { kind: "Other", code: undefined }]
  ]
  for (const [name, cause, expected] of table) {
    it(name, () => expect(Transport.classify(cause)).toEqual(expected))
  }

  it("a cycle of causes ends", () => {
    const a: { cause?: unknown; code?: string } = {}
    a.cause = a
    expect(Transport.classify(a)).toEqual({ kind: "Other", code: undefined })
  })
})

describe("Transport.certificateDetail", () => {
  it("says the certificate was refused, why, and that it is not retried", () => {
    const detail = Transport.certificateDetail("CERT_HAS_EXPIRED", "certificate has expired")
    expect(detail).toContain("TLS certificate was refused")
    expect(detail).toContain("the certificate has expired")
    expect(detail).toContain("CERT_HAS_EXPIRED: certificate has expired")
    expect(detail).toContain("not retried")
  })
  it("a code it does not know", () => {
    expect(Transport.certificateDetail("X", "X")).toContain("(it failed verification; X)")
  })
  it("every certificate code is one", () => {
    for (const code of Transport.certificateCodes.keys()) expect(Transport.isCertificateCode(code)).toBe(true)
    expect(Transport.isCertificateCode("ECONNRESET")).toBe(false)
  })
})

describe("Transport.leadingInterimHead", () => {
  const bytes = (text: string) => new TextEncoder().encode(text)
  const table: ReadonlyArray<readonly [string, number | "more" | "final"]> = [
    ["HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n", 25],
    ["HTTP/1.1 100 Continue\r\n\r\n", 25],
    ["HTTP/1.1 100\r\n\r\n", 16],
    ["HTTP/1.0 100 Continue\n\n", 23],
    ["HTTP/1.1 103 Early Hints\r\nlink: </a.css>; rel=preload\r\n\r\nHTTP/1.1 200", 57],
    ["HTTP/1.1 102 Processing\r\n\r\n", 27],
    ["HTTP/1.1 199 x\r\n\r\n", 18],
    ["HTTP/1.1 200 OK\r\n\r\n", "final"],
    ["HTTP/1.1 101 Switching Protocols\r\n\r\n", "final"],
    ["HTTP/1.1 204 No Content\r\n\r\n", "final"],
    ["HTTP/2 100\r\n\r\n", "final"],
    ["http/1.1 100\r\n\r\n", "final"],
    ["HTTP/1.1 1x0\r\n\r\n", "final"],
    ["garbage", "final"],
    ["", "more"],
    ["HTTP/1.1 1", "more"],
    ["HTTP/1.1 10", "more"],
    ["HTTP/1.1 100 Continue", "more"],
    ["HTTP/1.1 100 Continue\r\n", "more"],
    ["HTTP/1.1 100 Continue\r\n\r", "more"],
    ["HTTP/1.1 103 Early Hints\r\nlink: x\r\n", "more"]
  ]
  for (const [text, expected] of table) {
    it(JSON.stringify(text), () => expect(Transport.leadingInterimHead(bytes(text))).toBe(expected))
  }

  it("a head with no end within maxInterimHeadBytes is left to the HTTP parser", () => {
    const long = `HTTP/1.1 103 x\r\nx: ${"a".repeat(Transport.maxInterimHeadBytes)}`
    expect(Transport.leadingInterimHead(bytes(long))).toBe("final")
  })
})

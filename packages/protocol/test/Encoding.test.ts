import { describe, expect, it } from "vitest"
import * as Encoding from "../src/Encoding.js"

describe("Encoding.parseContentEncoding", () => {
  const table: ReadonlyArray<readonly [string | ReadonlyArray<string> | undefined, boolean, Encoding.ContentEncoding]> =
    [
      [undefined, false, { _tag: "Identity" }],
      ["", false, { _tag: "Identity" }],
      ["identity", false, { _tag: "Identity" }],
      [" Identity ", true, { _tag: "Identity" }],
      ["gzip", false, { _tag: "Decode", codings: ["gzip"] }],
      ["GZIP", false, { _tag: "Decode", codings: ["gzip"] }],
      ["x-gzip", false, { _tag: "Decode", codings: ["gzip"] }],
      ["br", false, { _tag: "Decode", codings: ["br"] }],
      ["deflate", false, { _tag: "Decode", codings: ["deflate"] }],
      // Applied gzip then br: undone br first.
      ["gzip, br", false, { _tag: "Decode", codings: ["br", "gzip"] }],
      [["gzip", "br"], false, { _tag: "Decode", codings: ["br", "gzip"] }],
      ["gzip,,identity", false, { _tag: "Decode", codings: ["gzip"] }],
      ["zstd", true, { _tag: "Decode", codings: ["zstd"] }],
      ["zstd", false, { _tag: "Unsupported", coding: "zstd" }],
      ["compress", true, { _tag: "Unsupported", coding: "compress" }],
      ["gzip, lzma", true, { _tag: "Unsupported", coding: "lzma" }],
      ["gzip,gzip,gzip,gzip,gzip", false, { _tag: "Decode", codings: ["gzip", "gzip", "gzip", "gzip", "gzip"] }],
      ["gzip,gzip,gzip,gzip,gzip,gzip", false, { _tag: "Unsupported", coding: "6 stacked codings" }]
    ]
  it.each(table)("%j (zstd %s)", (header, zstd, expected) => {
    expect(Encoding.parseContentEncoding(header, zstd)).toEqual(expected)
  })
})

describe("Encoding.acceptEncoding", () => {
  it("asks for gzip and br, and zstd where it decodes it", () => {
    expect(Encoding.acceptEncoding(false)).toBe("gzip, br")
    expect(Encoding.acceptEncoding(true)).toBe("gzip, br, zstd")
  })
})

describe("Encoding.chooseEncoding", () => {
  const table: ReadonlyArray<readonly [string | undefined, "br" | "gzip" | undefined]> = [
    [undefined, undefined],
    ["", undefined],
    ["identity", undefined],
    ["gzip", "gzip"],
    ["x-gzip", "gzip"],
    ["br", "br"],
    ["gzip, br", "br"],
    ["br;q=0.1, gzip;q=1", "br"],
    ["gzip, deflate, br, zstd", "br"],
    ["GZIP, BR", "br"],
    ["gzip, br;q=0", "gzip"],
    ["br;q=0, gzip;q=0", undefined],
    ["deflate", undefined],
    ["zstd", undefined],
    ["*", "br"],
    ["*, br;q=0", "gzip"],
    ["*;q=0", undefined],
    ["gzip;q=0.5", "gzip"],
    ["gzip;q=nonsense", undefined]
  ]
  it.each(table)("%j -> %s", (accept, expected) => {
    expect(Encoding.chooseEncoding(accept)).toBe(expected)
  })
})

describe("Encoding.decodeFailure", () => {
  const withCode = (message: string, code: string, cause?: unknown) =>
    Object.assign(new Error(message, { cause }), { code })
  const failure = (detail: string, status?: number): Encoding.DecodeFailure => ({ detail, status })
  const table: ReadonlyArray<readonly [string, unknown, Encoding.DecodeFailure | undefined]> = [
    [
      "the layer's own code",
      withCode("unknown coding lzma", Encoding.decodeFailedCode),
      failure("unknown coding lzma")
    ],
    [
      "the layer's own code, with the status",
      Object.assign(withCode("unknown coding lzma", Encoding.decodeFailedCode), { status: 200 }),
      failure("unknown coding lzma", 200)
    ],
    ["gzip header", withCode("incorrect header check", "Z_DATA_ERROR"), failure("incorrect header check")],
    ["gzip cut short", withCode("unexpected end of file", "Z_BUF_ERROR"), failure("unexpected end of file")],
    ["brotli", withCode("Decompression failed", "ERR__ERROR_FORMAT_PADDING_1"), failure("Decompression failed")],
    ["zstd", withCode("Unknown frame descriptor", "ZSTD_error_prefix_unknown"), failure("Unknown frame descriptor")],
    ["no message", withCode("", "Z_DATA_ERROR"), failure("Z_DATA_ERROR")],
    [
      "fetch's terminated around a zlib error",
      new TypeError("terminated", { cause: withCode("incorrect data check", "Z_DATA_ERROR") }),
      failure("incorrect data check")
    ],
    ["a cut connection", withCode("other side closed", "UND_ERR_SOCKET"), undefined],
    ["a reset", withCode("read ECONNRESET", "ECONNRESET"), undefined],
    ["no code", new Error("boom"), undefined],
    ["not an error", "Z_DATA_ERROR", undefined],
    ["undefined", undefined, undefined]
  ]
  it.each(table)("%s", (_, cause, expected) => {
    expect(Encoding.decodeFailure(cause)).toEqual(expected)
  })
})

describe("Encoding.parseBodyLimit", () => {
  const table: ReadonlyArray<readonly [string | ReadonlyArray<string> | undefined, number | undefined]> = [
    ["0", 0],
    ["1048576", 1048576],
    ["9007199254740991", Number.MAX_SAFE_INTEGER],
    ["9007199254740992", undefined],
    ["99999999999999999", undefined],
    ["", undefined],
    [" 10", undefined],
    ["-1", undefined],
    ["1e6", undefined],
    ["10.5", undefined],
    ["0x10", undefined],
    [["10", "20"], undefined],
    [undefined, undefined]
  ]
  it.each(table)("%j -> %s", (header, expected) => {
    expect(Encoding.parseBodyLimit(header)).toBe(expected)
  })
})

describe("Encoding.markBoundedTransport", () => {
  it("marks the object itself, not what is derived from it", () => {
    const proto = { execute: () => undefined }
    const client = Object.create(proto) as typeof proto
    expect(Encoding.isBoundedTransport(client)).toBe(false)
    expect(Encoding.markBoundedTransport(client)).toBe(client)
    expect(Encoding.isBoundedTransport(client)).toBe(true)
    // A client built on it (a transformClient's result) or a copy is not marked.
    expect(Encoding.isBoundedTransport(Object.create(client))).toBe(false)
    expect(Encoding.isBoundedTransport({ ...client })).toBe(false)
    expect(Object.keys(client)).toEqual([])
    // Marking again is harmless (the mark cannot be redefined, so it is not tried).
    expect(Encoding.markBoundedTransport(client)).toBe(client)
    expect(Encoding.isBoundedTransport(client)).toBe(true)
    expect(Encoding.isBoundedTransport(undefined)).toBe(false)
    expect(Encoding.isBoundedTransport("client")).toBe(false)
  })
})

describe("Encoding.bodyTooLarge", () => {
  const withCode = (message: string, code: string, cause?: unknown) =>
    Object.assign(new Error(message, { cause }), { code })
  const table: ReadonlyArray<readonly [string, unknown, string | undefined]> = [
    ["the code", withCode("more than 10 bytes", Encoding.tooLargeCode), "more than 10 bytes"],
    [
      "as a cause",
      new TypeError("terminated", { cause: withCode("more than 10 bytes", Encoding.tooLargeCode) }),
      "more than 10 bytes"
    ],
    ["no message", withCode("", Encoding.tooLargeCode), Encoding.tooLargeCode],
    ["a decode failure", withCode("bad data", Encoding.decodeFailedCode), undefined],
    ["a cut connection", withCode("other side closed", "UND_ERR_SOCKET"), undefined],
    ["not an error", Encoding.tooLargeCode, undefined],
    ["undefined", undefined, undefined]
  ]
  it.each(table)("%s", (_, cause, expected) => {
    expect(Encoding.bodyTooLarge(cause)).toBe(expected)
  })
})

describe("Encoding.tooLargeDetail", () => {
  it("names the limit", () => {
    expect(Encoding.tooLargeDetail(65536)).toBe("more than 65536 bytes received, reading stopped")
  })
})

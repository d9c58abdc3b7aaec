// Whole-body decoding of small compressed bodies (the decode interceptor's path for a request that
// names its body limit): each coding, stacked codings, the limit found without decoding past it,
// corrupt data, and the hand-over to the streams for what is too large to decode at once.
import * as Generator from "@sutro-effect/emulator/Generator"
import * as Crypto from "node:crypto"
import * as Fs from "node:fs"
import * as Zlib from "node:zlib"
import { describe, expect, it } from "vitest"
import * as Inflate from "../src/internal/inflate.js"

const page = Buffer.from(JSON.stringify({ jobs: Generator.generateJobs(100, 27), next_cursor: null }))
const zstd = typeof (Zlib as { zstdCompressSync?: unknown }).zstdCompressSync === "function"
const zstdCompress = (input: Buffer): Buffer =>
  (Zlib as unknown as { zstdCompressSync: (input: Buffer) => Buffer }).zstdCompressSync(input)

const decoded = (outcome: Inflate.Outcome): Buffer => {
  if (outcome._tag !== "Decoded") throw new Error(`expected Decoded, got ${outcome._tag}`)
  return outcome.body
}

describe("Inflate.decodeWhole", () => {
  it.each(
    [
      ["gzip", Zlib.gzipSync(page)],
      ["br", Zlib.brotliCompressSync(page)],
      ["deflate", Zlib.deflateSync(page)],
      ...(zstd ? [["zstd", zstdCompress(page)] as const] : [])
    ] as const
  )("decodes %s", (coding, body) => {
    expect(decoded(Inflate.decodeWhole(body, [coding], 1024 * 1024)).equals(page)).toBe(true)
  })

  it("undoes stacked codings, the last applied first", () => {
    const body = Zlib.brotliCompressSync(Zlib.gzipSync(page))
    expect(decoded(Inflate.decodeWhole(body, ["br", "gzip"], page.length)).equals(page)).toBe(true)
  })

  it("a body of exactly the limit is decoded; one byte more is TooLarge", () => {
    const body = Zlib.gzipSync(page)
    expect(decoded(Inflate.decodeWhole(body, ["gzip"], page.length)).length).toBe(page.length)
    expect(Inflate.decodeWhole(body, ["gzip"], page.length - 1)).toEqual({ _tag: "TooLarge" })
  })

  it("a bomb is TooLarge, found at one byte past the limit", () => {
    const bomb = Zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024))
    expect(bomb.length).toBeLessThan(Inflate.maxInput)
    expect(Inflate.decodeWhole(bomb, ["gzip"], 64 * 1024)._tag).toBe("TooLarge")
  })

  it("under a limit above maxOutput, a body that decodes to more than maxOutput goes to the streams", () => {
    const limit = 2 * Inflate.maxOutput
    expect(Inflate.decodeWhole(Zlib.gzipSync(Buffer.alloc(Inflate.maxOutput + 1)), ["gzip"], limit)._tag).toBe("Stream")
    const atCap = Inflate.decodeWhole(Zlib.gzipSync(Buffer.alloc(Inflate.maxOutput)), ["gzip"], limit)
    expect(atCap._tag === "Decoded" && atCap.body.length).toBe(Inflate.maxOutput)
  })

  it("stacked codings: an inner one past the bound goes to the streams, the last one past the limit is TooLarge", () => {
    const incompressible = Crypto.randomBytes(100 * 1024)
    expect(Inflate.decodeWhole(Zlib.gzipSync(Zlib.gzipSync(incompressible)), ["gzip", "gzip"], 64 * 1024)._tag)
      .toBe("Stream")
    expect(Inflate.decodeWhole(Zlib.gzipSync(Zlib.gzipSync(Buffer.alloc(1024 * 1024))), ["gzip", "gzip"], 4096)._tag)
      .toBe("TooLarge")
  })

  it.each(
    [
      ["gzip", Buffer.from("not gzip at all")],
      ["gzip", Zlib.gzipSync(page).subarray(0, 200)],
      ["br", Buffer.from([0xff, 0xff, 0xff, 0xff])],
      ["deflate", Buffer.from("not deflate")]
    ] as const
  )("corrupt or truncated %s data is Failed with the decoder's error", (coding, body) => {
    const outcome = Inflate.decodeWhole(body, [coding], 1024 * 1024)
    expect(outcome._tag).toBe("Failed")
    if (outcome._tag !== "Failed") return
    expect(outcome.coding).toBe(coding)
    expect(outcome.error).toBeInstanceOf(Error)
    expect(typeof (outcome.error as { code?: unknown }).code).toBe("string")
  })
})

describe("docs/client.md", () => {
  it("quotes Inflate.maxInput as the largest compressed body decoded whole", () => {
    const guide = Fs.readFileSync(new URL("../../../../docs/client.md", import.meta.url), "utf8")
    const quoted = /a compressed body of up to (\d+) KiB is then\s+decoded whole/.exec(guide)
    expect(quoted?.[1]).toBe(String(Inflate.maxInput / 1024))
  })
})

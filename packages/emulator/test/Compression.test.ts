// The emulator compresses as Cloudflare does (issue 27): by the request's Accept-Encoding, br over
// gzip, nothing when not asked or when `compress: false`; the unpaginated stream compressed as it
// is generated; and the compression faults (a bomb, a corrupt stream, a body cut mid-stream).
import { describe, expect, it } from "@effect/vitest"
import { type Emulator, Fault, Server } from "@sutro-effect/emulator"
import * as Schema from "effect/Schema"
import * as Fs from "node:fs"
import * as Http from "node:http"
import * as Zlib from "node:zlib"

interface Raw {
  readonly status: number
  readonly headers: Http.IncomingHttpHeaders
  readonly body: Buffer
}

/** One GET over a fresh connection, the body as sent (not decoded); rejects on a cut body. */
const get = (url: string, headers: Record<string, string>): Promise<Raw> =>
  new Promise((resolve, reject) => {
    const req = Http.request(url, { headers, agent: false }, (res) => {
      const chunks: Array<Buffer> = []
      res.on("data", (chunk: Buffer) => chunks.push(chunk))
      res.on("error", reject)
      res.on("end", () =>
        res.complete
          ? resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })
          : reject(new Error("incomplete body")))
    })
    req.on("error", reject)
    req.end()
  })

const decode = (raw: Raw): string => {
  switch (raw.headers["content-encoding"]) {
    case undefined:
      return raw.body.toString("utf8")
    case "gzip":
      return Zlib.gunzipSync(raw.body).toString("utf8")
    case "br":
      return Zlib.brotliDecompressSync(raw.body).toString("utf8")
    default:
      throw new Error(`unexpected content-encoding ${raw.headers["content-encoding"]}`)
  }
}

const withEmulator = async <A>(options: Emulator.Options, use: (handle: Server.Handle) => Promise<A>) => {
  const handle = await Server.start(options)
  try {
    return await use(handle)
  } finally {
    await handle.close()
  }
}

const page = (handle: Server.Handle, accept?: string, query = "?limit=100") =>
  get(`${handle.url}/v1/list-jobs${query}`, {
    authorization: `Key ${handle.apiKey}`,
    ...(accept === undefined ? {} : { "accept-encoding": accept })
  })

describe("Emulator compression (as Cloudflare)", () => {
  it("compresses by Accept-Encoding: br over gzip, nothing when not asked; the same JSON each way", () =>
    withEmulator({ jobs: 300 }, async (handle) => {
      const plain = await page(handle)
      expect(plain.headers["content-encoding"]).toBeUndefined()
      expect(plain.headers.vary).toContain("Accept-Encoding")
      const table: ReadonlyArray<readonly [string, string | undefined]> = [
        ["gzip", "gzip"],
        ["gzip, deflate, br", "br"],
        ["gzip, br, zstd", "br"],
        ["br;q=0, gzip", "gzip"],
        ["identity", undefined],
        ["deflate", undefined]
      ]
      for (const [accept, coding] of table) {
        const raw = await page(handle, accept)
        expect([accept, raw.headers["content-encoding"]]).toEqual([accept, coding])
        expect(decode(raw)).toBe(plain.body.toString("utf8"))
        expect(Number(raw.headers["content-length"])).toBe(raw.body.length)
        if (coding !== undefined) expect(raw.body.length).toBeLessThan(plain.body.length / 4)
      }
    }))

  it("compress: false sends every body as it is", () =>
    withEmulator({ jobs: 50, compress: false }, async (handle) => {
      const raw = await page(handle, "gzip, br")
      expect(raw.headers["content-encoding"]).toBeUndefined()
      expect(raw.headers.vary ?? "").not.toContain("Accept-Encoding")
      expect(JSON.parse(raw.body.toString("utf8")).jobs).toHaveLength(50)
    }))

  it(
    "the unpaginated stream (over 20,000 jobs) is compressed as it is generated",
    () =>
      withEmulator({ jobs: 20_001 }, async (handle) => {
        const raw = await page(handle, "gzip, br", "")
        expect(raw.headers["content-encoding"]).toBe("br")
        expect(raw.headers["content-length"]).toBeUndefined()
        expect(JSON.parse(decode(raw)).jobs).toHaveLength(20_001)
        const gzip = await page(handle, "gzip", "")
        expect(JSON.parse(decode(gzip)).jobs).toHaveLength(20_001)
      }),
    30_000
  )

  it("CompressionBomb: a few KB that decode to `bytes` of valid JSON, compressed even when not asked", () =>
    withEmulator({ jobs: 50 }, async (handle) => {
      await handle.scriptFaults([
        Fault.CompressionBomb.make({}),
        Fault.CompressionBomb.make({ coding: "br", bytes: 1_000_000 })
      ])
      const gzip = await page(handle)
      expect(gzip.headers["content-encoding"]).toBe("gzip")
      expect(gzip.body.length).toBeLessThan(20_000)
      const text = decode(gzip)
      expect(text.length).toBe(10_000_000)
      expect(JSON.parse(text).jobs).toHaveLength(50)
      const br = await page(handle, "gzip")
      expect(br.headers["content-encoding"]).toBe("br")
      expect(decode(br).length).toBe(1_000_000)
    }))

  it("CorruptCompression: well framed, and the decoder refuses it", () =>
    withEmulator({ jobs: 50 }, async (handle) => {
      await handle.scriptFaults([Fault.CorruptCompression.make({}), Fault.CorruptCompression.make({ coding: "br" })])
      const gzip = await page(handle)
      expect(gzip.headers["content-encoding"]).toBe("gzip")
      expect(Number(gzip.headers["content-length"])).toBe(gzip.body.length)
      expect(() => decode(gzip)).toThrow()
      const br = await page(handle)
      expect(br.headers["content-encoding"]).toBe("br")
      expect(() => decode(br)).toThrow()
      const log = await handle.requestLog()
      expect(log.map((entry) => entry.fault)).toEqual(["CorruptCompression", "CorruptCompression"])
    }))

  it("TruncatedCompression: half the compressed body, then a reset; the next request is whole", () =>
    withEmulator({ jobs: 50 }, async (handle) => {
      await handle.scriptFaults([Fault.TruncatedCompression.make({})])
      await expect(page(handle)).rejects.toThrow()
      const next = await page(handle, "gzip")
      expect(JSON.parse(decode(next)).jobs).toHaveLength(50)
      const log = await handle.requestLog()
      expect(log.map((entry) => [entry.status, entry.fault])).toEqual([[0, "TruncatedCompression"], [200, undefined]])
    }))

  it("the compression faults decode from JSON, and refuse bad fields", () => {
    const decodeFault = Schema.decodeUnknownSync(Fault.Fault)
    expect(decodeFault({ _tag: "CompressionBomb", bytes: 5, coding: "br" })).toEqual(
      Fault.CompressionBomb.make({ bytes: 5, coding: "br" })
    )
    expect(decodeFault({ _tag: "TruncatedCompression" })).toEqual(Fault.TruncatedCompression.make({}))
    expect(() => decodeFault({ _tag: "CompressionBomb", bytes: 0 })).toThrow()
    expect(() => decodeFault({ _tag: "CompressionBomb", bytes: Fault.maxBombBytes + 1 })).toThrow()
    expect(() => decodeFault({ _tag: "CorruptCompression", coding: "zstd" })).toThrow()
  })
})

// The sizes the guides quote for a page of 100 jobs are measured here, not typed by hand: the mean of
// the first 10 pages of 1,000 generated jobs, as sent, gzipped and in brotli; and the CompressionBomb's.
describe("the sizes the guides quote", () => {
  const guide = (name: string) => Fs.readFileSync(new URL(`../../../docs/${name}`, import.meta.url), "utf8")
  const quoted = (text: string, pattern: RegExp): ReadonlyArray<number> => {
    const match = pattern.exec(text.replace(/\s+/g, " "))
    if (match === null) throw new Error(`no sentence matching ${pattern}`)
    return match.slice(1, 4).map((figure) => Number(figure.replace(/,/g, "")))
  }

  it("docs/emulator.md's CompressionBomb: its default size, and what 16 MiB of it gzips to (within 10%)", () =>
    withEmulator({ jobs: 100 }, async (handle) => {
      const [defaultBytes, mib, kb] = quoted(
        guide("emulator.md"),
        /bytes \(default ([\d,]+), at most \d+ MiB\), compressed to a few KB \((\d+) MiB of it gzips to (\d+) KB\)/
      )
      await handle.scriptFaults([
        Fault.CompressionBomb.make({}),
        Fault.CompressionBomb.make({ bytes: mib * 1024 * 1024 })
      ])
      expect(decode(await page(handle)).length).toBe(defaultBytes)
      const bomb = await page(handle)
      expect(bomb.headers["content-encoding"]).toBe("gzip")
      expect(decode(bomb).length).toBe(mib * 1024 * 1024)
      expect(Math.abs(bomb.body.length / (kb * 1024) - 1), `${bomb.body.length} bytes`).toBeLessThan(0.1)
    }))

  it("docs/emulator.md and docs/client.md are within 5% of what the emulator sends", () =>
    withEmulator({ jobs: 1000, now: "2026-01-01T00:00:00Z" }, async (handle) => {
      const sums = [0, 0, 0]
      let query = "?limit=100"
      for (let i = 0; i < 10; i++) {
        const [plain, gzip, br] = [
          await page(handle, undefined, query),
          await page(handle, "gzip", query),
          await page(
            handle,
            "br",
            query
          )
        ]
        expect([gzip.headers["content-encoding"], br.headers["content-encoding"]]).toEqual(["gzip", "br"])
        sums[0] += plain.body.length
        sums[1] += gzip.body.length
        sums[2] += br.body.length
        query = `?limit=100&cursor=${encodeURIComponent(JSON.parse(plain.body.toString("utf8")).next_cursor)}`
      }
      const measured = sums.map((sum) => sum / 10 / 1024)
      const sentences = [
        quoted(
          guide("emulator.md"),
          /A page of 100 jobs is about ([\d.]+) KB as sent, ([\d.]+) KB gzipped and ([\d.]+) KB in brotli/
        ),
        quoted(
          guide("client.md"),
          /a page of 100 jobs is about ([\d.]+) KB as JSON, ([\d.]+) KB gzipped and ([\d.]+) KB in brotli/
        )
      ]
      for (const figures of sentences) {
        figures.forEach((figure, i) => {
          expect([i, Math.abs(figure / measured[i] - 1) <= 0.05, measured[i].toFixed(1)]).toEqual([
            i,
            true,
            measured[i].toFixed(1)
          ])
        })
      }
    }))
})

// The emulator's defaults and limits that docs/emulator.md and the emulator's README quote, read from their
// sentences and checked against the code (its constants, its fault schemas, or what a server started with
// the defaults sends), so that a changed default fails here until the sentence follows (issue 28).
import { describe, expect, it } from "@effect/vitest"
import { Fault, Server } from "@sutro-effect/emulator"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Fs from "node:fs"
import { chunkBytes } from "../src/internal/hostile.js"
import { maxNesting } from "../src/internal/jobsInput.js"
import { maxChanges } from "../src/internal/live.js"
import { defaultMaxLog, maxBodyBytes, maxQueryChars } from "../src/internal/server.js"

const read = (file: string) =>
  Fs.readFileSync(new URL(`../../../${file}`, import.meta.url), "utf8").replace(/\s+/g, " ")

/** The numbers a sentence of `file` quotes (the pattern's groups, thousands separators dropped). */
const quoted = (file: string, pattern: RegExp): ReadonlyArray<number> => {
  const match = pattern.exec(read(file))
  if (match === null) throw new Error(`${file}: no sentence matching ${pattern}`)
  return match.slice(1).map((figure) => Number(figure.replace(/,/g, "")))
}

const guide = "docs/emulator.md"
const readme = "packages/emulator/README.md"
const MiB = 1024 * 1024
const KiB = 1024

describe("the figures docs/emulator.md and the emulator's README quote", () => {
  it("its limits, against its constants and fault schemas", () => {
    const claims: ReadonlyArray<readonly [string, RegExp, ReadonlyArray<number>]> = [
      [guide, /so one over (\d+) MiB is refused with `413`/, [maxBodyBytes / MiB]],
      [guide, /A job whose values nest more than ([\d,]+) levels deep is refused with `422`/, [maxNesting]],
      [guide, /The change log keeps at most ([\d,]+) entries/, [maxChanges]],
      [
        guide,
        /requests \(option, default ([\d,]+); beyond it the oldest tenth is dropped\) and at most ([\d,]+) characters of each query/,
        [
          defaultMaxLog,
          maxQueryChars
        ]
      ],
      [readme, /`maxLoggedRequests` \(([\d,]+)\)/, [defaultMaxLog]],
      [guide, /to `bytes` bytes \(1 to (\d+) GiB\), sent in (\d+) KiB chunks/, [1, chunkBytes / KiB]]
    ]
    for (const [file, pattern, expected] of claims) {
      expect([file, pattern.source, quoted(file, pattern)]).toEqual([file, pattern.source, expected])
    }
    const decodes = (fault: unknown) => Either.isRight(Schema.decodeUnknownEither(Fault.Fault)(fault))
    const [largeMax] = quoted(guide, /to `bytes` bytes \(1 to (\d+) GiB\)/)
    expect(decodes({ _tag: "LargeBody", bytes: largeMax * 1024 * MiB })).toBe(true)
    expect(decodes({ _tag: "LargeBody", bytes: largeMax * 1024 * MiB + 1 })).toBe(false)
  })

  it("its defaults, as a server started without options sends them", async () => {
    const [jobs, seed] = quoted(guide, /`jobs` \(default (\d+)\) jobs are generated from `seed` \(default (\d+)\)/)
    const [retryAfter] = quoted(guide, /`RateLimited` sends `Retry-After: <seconds>` \(default (\d+)\)/)
    const [hostileBytes] = quoted(guide, /of exactly `bytes` bytes \(default ([\d,]+); at most/)
    const [cursorMin, cursorMax, cursorDefault] = quoted(
      guide,
      /a `next_cursor` of at least `length` characters \(([\d,]+) to ([\d,]+), default ([\d,]+);/
    )
    expect([cursorMin, cursorMax]).toEqual([4097, Fault.maxLongCursor])
    const now = "2026-01-01T00:00:00Z"
    const plain = await Server.start({ now })
    const seeded = await Server.start({ now, seed, jobs })
    try {
      const get = (handle: Server.Handle, query: string) =>
        fetch(`${handle.url}/v1/list-jobs${query}`, { headers: { authorization: `Key ${handle.apiKey}` } })
      const all = await (await get(plain, "")).json()
      expect(all.jobs).toHaveLength(jobs)
      expect(all).toEqual(await (await get(seeded, "")).json())
      await plain.scriptFaults([
        Fault.RateLimited.make({}),
        Fault.HostileBody.make({ pattern: "angles" }),
        Fault.LongCursor.make({})
      ])
      const limited = await get(plain, "?limit=10")
      expect([limited.status, limited.headers.get("retry-after")]).toEqual([429, String(retryAfter)])
      const hostile = await get(plain, "?limit=10")
      expect((await hostile.arrayBuffer()).byteLength).toBe(hostileBytes)
      const cursor: string = (await (await get(plain, "?limit=10")).json()).next_cursor
      expect(cursor.length).toBeGreaterThanOrEqual(cursorDefault)
      expect(cursor.length).toBeLessThan(cursorDefault + 100)
    } finally {
      await plain.close()
      await seeded.close()
    }
  })
})

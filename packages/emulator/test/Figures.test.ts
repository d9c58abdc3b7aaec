// The emulator's defaults and limits that docs/emulator.md and the emulator's README quote, read from their
// sentences and checked against the code (its constants, its fault schemas, or what a server started with
// the defaults sends), so that a changed default fails here until the sentence follows (issue 28).
import { describe, expect, it } from "@effect/vitest"
import { Fault, Generator, Server } from "@sutro-effect/emulator"
import * as JobStatus from "@sutro-effect/protocol/JobStatus"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Fs from "node:fs"
import { defaultArrivals, defaultTickMillis } from "../src/internal/defaults.js"
import { anchorOf, series } from "../src/internal/generate.js"
import { chunkBytes } from "../src/internal/hostile.js"
import { maxNesting } from "../src/internal/jobsInput.js"
import { maxChanges, maxTicksPerRequest } from "../src/internal/live.js"
import { defaultMaxLog, maxBodyBytes, maxQueryChars, randomFaults } from "../src/internal/server.js"

const read = (file: string): string =>
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
    // The README's table says the same as the guide.
    const [hostileStatus, hostileMB] = quoted(readme, /\| an error body \(default (\d+), (\d+) MB\)/)
    expect(hostileMB * 1e6).toBe(hostileBytes)
    expect(quoted(readme, /a valid `next_cursor` of ([\d,]+)\.\.([\d,]+) characters \(default ([\d,]+)\)/)).toEqual([
      cursorMin,
      cursorMax,
      cursorDefault
    ])
    const [bombMB] = quoted(readme, /the page padded with spaces to `bytes` \(default (\d+) MB\)/)
    const [bombDefault] = quoted(guide, /bytes \(default ([\d,]+), at most \d+ MiB\), compressed to a few KB/)
    expect(bombMB * 1e6).toBe(bombDefault) // the guide's figure is the emulator's: Compression.test
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
      expect(hostile.status).toBe(hostileStatus)
      expect((await hostile.arrayBuffer()).byteLength).toBe(hostileBytes)
      const cursor: string = (await (await get(plain, "?limit=10")).json()).next_cursor
      expect(cursor.length).toBeGreaterThanOrEqual(cursorDefault)
      expect(cursor.length).toBeLessThan(cursorDefault + 100)
    } finally {
      await plain.close()
      await seeded.close()
    }
  })

  it("the generated jobs' variety, measured over 20,000 of them (shares within 1.5 points of the guide's)", () => {
    const now = "2026-01-01T00:00:00Z"
    const count = 20_000
    const jobs = Generator.generateJobs(count, 42, { now })
    const share = (keep: (job: (typeof jobs)[number]) => boolean) => jobs.filter(keep).length / count
    const about = (pattern: RegExp, measured: ReadonlyArray<number>) => {
      const figures = quoted(guide, pattern)
      figures.forEach((figure, i) => {
        expect([pattern.source, i, Math.abs(figure / 100 - measured[i]) <= 0.015, measured[i]]).toEqual([
          pattern.source,
          i,
          true,
          measured[i]
        ])
      })
    }
    const known = (status: string) => JobStatus.normalize(status) !== undefined
    const [canonical] = quoted(guide, /- statuses: the (\d+) canonical ones/)
    expect(JobStatus.known).toHaveLength(canonical)
    about(/about (\d+)% lowercase, legacy `pending` and `submitted`, and about (\d+)% unknown/, [
      share((job) => known(job.status) && job.status !== job.status.toUpperCase()),
      share((job) => !known(job.status))
    ])
    about(/about (\d+)% `datetime_created: null`, about (\d+)% creation times with milliseconds/, [
      share((job) => job.datetime_created === null),
      share((job) => job.datetime_created !== null && /\.\d/.test(job.datetime_created))
    ])
    about(/`run_type` `"FULL"` on about (\d+)%, `null` on (\d+)%/, [
      share((job) => job.run_type === "FULL"),
      share((job) => job.run_type === null)
    ])
    const models = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    const [modelWord] = /- (\w+) models;/.exec(read(guide))!.slice(1)
    expect(models[new Set(jobs.map((job) => job.model)).size]).toBe(modelWord)
    // The creation times, before a share of them is sent as null.
    const anchor = anchorOf(Date.parse(now))
    const seconds = Array.from(series(count, 42, anchor).base, (millis) => Math.floor(millis / 1000))
    const [newestMax, gapMax] = quoted(
      guide,
      /the newest was created 0 to (\d+) minutes before it \(to the second\) and each older one 0 to (\d+) minutes before the next/
    )
    const gaps = seconds.slice(1).map((second, i) => seconds[i] - second)
    expect(anchor / 1000 - seconds[0]).toBeLessThanOrEqual(newestMax * 60)
    expect(Math.max(...gaps)).toBeLessThanOrEqual(gapMax * 60)
    expect(Math.max(...gaps)).toBeGreaterThan((gapMax - 1) * 60)
    const [word] = /about one in (\w+) in the same second/.exec(read(guide))!.slice(1)
    const sameSecond = gaps.filter((gap) => gap === 0).length / gaps.length
    expect({ twenty: 20, ten: 10, fifty: 50 }[word]).toBe(Math.round(1 / sameSecond))
  })

  it("live mode's defaults and the tick bound, against its constants and a server", async () => {
    const [tick, arrivals] = quoted(guide, /`--live \[--tick (\d+)\] \[--arrivals ([\d.]+)\]`/)
    expect([tick, arrivals]).toEqual([defaultTickMillis, defaultArrivals])
    expect(quoted(guide, /run `n` ticks of live mode now \(1\.\.([\d,]+)\)/)).toEqual([maxTicksPerRequest])
    const manual = await Server.start({ live: { interval: 0 }, jobs: 10 })
    const timed = await Server.start({ live: true, jobs: 10 })
    const started = Date.now()
    try {
      const post = (ticks: number) =>
        fetch(`${manual.url}/_emulator/tick`, { method: "POST", body: JSON.stringify({ ticks }) })
      expect([(await post(0)).status, (await post(maxTicksPerRequest + 1)).status]).toEqual([422, 422])
      // The default arrivals: seeded, so the same count every run; 0.5 a tick gives about 50 in 100.
      expect((await post(100)).status).toBe(200)
      const arrived = (await manual.changes()).filter((change) => change.kind === "inserted").length
      expect(arrived).toBeGreaterThanOrEqual(100 * defaultArrivals - 20)
      expect(arrived).toBeLessThanOrEqual(100 * defaultArrivals + 20)
      // The default interval: the first tick comes one interval after the start, not before.
      while ((await timed.tick()) === 0) {
        expect(Date.now() - started).toBeLessThan(defaultTickMillis * 5)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      expect(Date.now() - started).toBeGreaterThanOrEqual(defaultTickMillis - 50)
    } finally {
      await manual.close()
      await timed.close()
    }
  })

  it("faultRate's random faults, against its table and what a server at faultRate 1 sends", async () => {
    const sentence =
      /one of ([\d/]+), 429 \(`Retry-After: (\d+)`, `retry-after-ms` (\d+)\.\.(\d+)\), a (\d+)\.\.(\d+) page, (\d+)\.\.(\d+) ms of latency/
    const [statuses, ...figures] = sentence.exec(read(guide))!.slice(1)
    expect([statuses.split("/").map(Number), ...figures.map(Number)]).toEqual([
      randomFaults.statuses,
      randomFaults.retryAfterSeconds,
      ...randomFaults.retryAfterMs,
      randomFaults.cloudflare[0],
      randomFaults.cloudflare[randomFaults.cloudflare.length - 1],
      ...randomFaults.latencyMillis
    ])
    expect(randomFaults.cloudflare).toEqual([520, 521, 522, 523, 524])
    const server = await Server.start({ faultRate: 1, jobs: 10 })
    try {
      const seen: Array<{ status: number; retryAfter: string | null; retryAfterMs: number; millis: number }> = []
      for (let i = 0; i < 120; i++) {
        const started = Date.now()
        try {
          const response = await fetch(`${server.url}/v1/list-jobs?limit=1`, {
            headers: { authorization: `Key ${server.apiKey}` }
          })
          await response.arrayBuffer()
          seen.push({
            status: response.status,
            retryAfter: response.headers.get("retry-after"),
            retryAfterMs: Number(response.headers.get("retry-after-ms")),
            millis: Date.now() - started
          })
        } catch {
          seen.push({ status: 0, retryAfter: null, retryAfterMs: NaN, millis: Date.now() - started })
        }
      }
      const log = await server.requestLog()
      expect(log.map((entry) => entry.fault !== undefined)).toEqual(seen.map(() => true))
      const kinds = new Set(log.map((entry) => entry.fault))
      expect([...kinds].sort()).toEqual(
        ["Cloudflare", "Latency", "RateLimited", "ResetBeforeHeaders", "ResetMidBody", "Status"]
      )
      log.forEach((entry, i) => {
        const got = seen[i]
        switch (entry.fault) {
          case "Status":
            return expect(randomFaults.statuses).toContain(got.status)
          case "Cloudflare":
            return expect(randomFaults.cloudflare).toContain(got.status)
          case "RateLimited": {
            const [least, most] = randomFaults.retryAfterMs
            return expect([got.status, got.retryAfter, got.retryAfterMs >= least && got.retryAfterMs <= most])
              .toEqual([429, String(randomFaults.retryAfterSeconds), true])
          }
          case "Latency":
            expect(got.status).toBe(200)
            return expect(got.millis).toBeGreaterThanOrEqual(randomFaults.latencyMillis[0] - 5)
          default:
            return expect(got.status).toBe(0)
        }
      })
    } finally {
      await server.close()
    }
  })
})

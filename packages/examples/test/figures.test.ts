// The figures the guides and READMEs quote, read from their sentences and checked against what decides
// them, so that a changed default, limit or size fails here until the sentence follows (issue 28):
// - a default or a limit: against the constant in the code;
// - a byte count that does not depend on the machine (a typed array's size, a zlib output): computed here;
// - a browser bundle size: against the figure `pnpm size` wrote into docs/benchmarks.md.
// Timings and heap sizes that depend on the machine are not quoted in prose: the guides point at
// docs/benchmarks.md. The page sizes of docs/emulator.md and docs/client.md are measured by the emulator's
// Compression.test.
import { describe, expect, it } from "@effect/vitest"
import * as RetryPolicy from "@sutro-effect/client/RetryPolicy"
import { Fault } from "@sutro-effect/emulator"
import * as Cursor from "@sutro-effect/protocol/Cursor"
import * as ErrorBody from "@sutro-effect/protocol/ErrorBody"
import * as Options from "@sutro-effect/protocol/Options"
import * as PageSize from "@sutro-effect/protocol/PageSize"
import * as Scan from "@sutro-effect/protocol/Scan"
import * as Secrets from "@sutro-effect/protocol/Secrets"
import * as Walk from "@sutro-effect/protocol/Walk"
import * as Watch from "@sutro-effect/protocol/Watch"
import * as Duration from "effect/Duration"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as fs from "node:fs"
import * as path from "node:path"
import * as Zlib from "node:zlib"
import { root } from "./helpers.js"

const read = (file: string): string => fs.readFileSync(path.join(root, file), "utf8")

/** The numbers a sentence of `file` quotes (the pattern's groups, thousands separators dropped). */
const quoted = (file: string, pattern: RegExp): ReadonlyArray<number> => {
  const match = pattern.exec(read(file).replace(/\s+/g, " "))
  if (match === null) throw new Error(`${file}: no sentence matching ${pattern}`)
  return match.slice(1).map((figure) => Number(figure.replace(/,/g, "")))
}

/** A number the code holds as source text (`name = 250`): the fault matrix's parameters, which no module exports. */
const inSource = (file: string, pattern: RegExp): number => {
  const match = pattern.exec(read(file))
  if (match === null) throw new Error(`${file}: no code matching ${pattern}`)
  return match[1].split("*").reduce((product, factor) => product * Number(factor.trim().replace(/_/g, "")), 1)
}

const MiB = 1024 * 1024
const seconds = (d: Duration.DurationInput) => Duration.toMillis(d) / 1000
const millis = (d: Duration.DurationInput) => Duration.toMillis(d)

describe("the figures the guides quote", () => {
  it("the client's defaults and limits, wherever they are quoted", () => {
    const policy = RetryPolicy.defaults
    const timeout = Options.defaultTimeoutMillis / 1000
    const maxResponseBytes = Options.defaultMaxResponseBytes
    const watchPageSize = Watch.defaultPageSize
    const watchInterval = Watch.defaultIntervalMillis / 1000
    const policyFigures = [
      policy.maxRetries,
      millis(policy.baseDelay),
      seconds(policy.maxDelay),
      seconds(policy.maxRetryAfter)
    ]
    const claims: ReadonlyArray<readonly [string, RegExp, ReadonlyArray<number>]> = [
      ["docs/client.md", /\| `timeout` \| (\d+) s per attempt/, [timeout]],
      ["docs/client.md", /\| `maxResponseBytes` \| (\d+) MiB \(([\d,]+)\)/, [maxResponseBytes / MiB, maxResponseBytes]],
      [
        "docs/client.md",
        /`maxRetries` \((\d+)\) retries; waits `baseDelay` \((\d+) ms\) x `factor` \((\d+)\) per attempt, capped at `maxDelay` \((\d+) s\)/,
        [policy.maxRetries, millis(policy.baseDelay), policy.factor, seconds(policy.maxDelay)]
      ],
      ["docs/client.md", /a wait above `maxRetryAfter` \((\d+) s\)/, [seconds(policy.maxRetryAfter)]],
      [
        "docs/client.md",
        /excerpts from their first (\d+) KB in linear time, and a server's `detail` is cut to ([\d,]+) characters/,
        [ErrorBody.excerptScanLength / 1024, ErrorBody.maxDetail]
      ],
      ["docs/reliability.md", /`maxResponseBytes` \(default (\d+) MiB\)/, [maxResponseBytes / MiB]],
      ["docs/reliability.md", /with an excerpt of at most (\d+)/, [ErrorBody.maxExcerpt]],
      ["docs/reliability.md", /A `next_cursor` longer than ([\d,]+) characters is accepted/, [Cursor.maxLength]],
      ["docs/core.md", /longer than (\d+) characters/, [Cursor.maxLength]],
      [
        "docs/core.md",
        /everything (\d+) levels down or deeper \(`Scan\.schemaDepth`.* nested more than (\d+) levels deep that is not plain JSON/,
        [Scan.schemaDepth, Scan.schemaDepth]
      ],
      ["docs/architecture.md", /([\d,]+) characters, the server's are not/, [Cursor.maxLength]],
      ["packages/protocol/README.md", /a caller's up to (\d+) characters/, [Cursor.maxLength]],
      [
        "docs/migration.md",
        /a (\d+) s timeout per attempt, `RetryPolicy.defaults` \((\d+) retries, (\d+) ms doubling up to (\d+) s, jitter, `maxRetryAfter` (\d+) s\), (\d+) MiB/,
        [timeout, ...policyFigures, maxResponseBytes / MiB]
      ],
      ...["effect3", "effect4"].flatMap((line) => [
        [
          `packages/${line}/client/README.md`,
          /per attempt \((\d+) s\)/,
          [timeout]
        ] as const,
        [
          `packages/${line}/client/README.md`,
          /`defaults` \((\d+) retries, (\d+) ms x2 up to (\d+) s, jitter, `maxRetryAfter` (\d+) s\)/,
          policyFigures
        ] as const
      ]),
      ["packages/effect4/client/README.md", /`maxResponseBytes` \((\d+) MiB\)/, [maxResponseBytes / MiB]],
      [
        "docs/reliability.md",
        /A key shorter than (\d+) characters .* Keys of (\d+) characters or more are removed wherever they appear/,
        [Secrets.tokenOnlyBelow, Secrets.tokenOnlyBelow]
      ],
      ["docs/watch.md", /`pageSize` \(default (\d+)\)/, [watchPageSize]],
      ["docs/watch.md", /`interval` \(default (\d+) s,/, [watchInterval]],
      ["docs/client.md", /`limit` must be (\d+)\.\.(\d+)/, [PageSize.min, PageSize.max]],
      [
        "docs/client.md",
        /cycle longer than (\d+) cursors whose pages hold no job of the walk \(empty pages, at most (\d+) in a row\)/,
        [Walk.cursorWindow, Walk.maxEmptyPages]
      ]
    ]
    for (const [file, pattern, expected] of claims) {
      expect([file, pattern.source, quoted(file, pattern)]).toEqual([file, pattern.source, expected])
    }
    expect(policy.factor).toBe(2) // "doubling", "x2"
  })

  it("the emulator's fault limits (docs/emulator.md), as its fault schemas refuse them", () => {
    const decodes = (fault: unknown) => Either.isRight(Schema.decodeUnknownEither(Fault.Fault)(fault))
    const [bombMax] = quoted("docs/emulator.md", /\(default [\d,]+, at most (\d+) MiB\), compressed to a few KB/)
    expect(bombMax * MiB).toBe(Fault.maxBombBytes)
    const [hostileMax] = quoted("docs/emulator.md", /of exactly `bytes` bytes \(default [\d,]+; at most (\d+) MiB\)/)
    expect(decodes({ _tag: "HostileBody", pattern: "angles", bytes: hostileMax * MiB })).toBe(true)
    expect(decodes({ _tag: "HostileBody", pattern: "angles", bytes: hostileMax * MiB + 1 })).toBe(false)
    const [cursorMin, cursorMax] = quoted(
      "docs/emulator.md",
      /at least `length` characters \(([\d,]+) to ([\d,]+), default/
    )
    expect(cursorMax).toBe(Fault.maxLongCursor)
    expect(cursorMin).toBe(Cursor.maxLength + 1)
    const [timerExp, days] = quoted(
      "docs/emulator.md",
      /longer than a timer can hold \(2\^(\d+)-1 ms, about ([\d.]+) days\)/
    )
    expect(2 ** timerExp - 1).toBe(Fault.maxTimerMillis)
    expect(days).toBe(Number((Fault.maxTimerMillis / 86_400_000).toFixed(1)))
  })

  it("the fault matrix's parameters (docs/reliability.md), as packages/behaviour/src/Matrix.ts sets them", () => {
    const matrix = "packages/behaviour/src/Matrix.ts"
    const total = inSource(matrix, /\nconst total = ([\d_]+)\n/)
    const pageSize = inSource(matrix, /\nconst pageSize = ([\d_]+)\n/)
    const [middle, last] = [inSource(matrix, /middle: (\d+)/) + 1, inSource(matrix, /last: (\d+)/) + 1]
    const [sayMiddle, sayLast, sayTotal, sayPageSize, retries, base, retryAfter] = quoted(
      "docs/reliability.md",
      /on the first, the middle \((\d)rd\) and the last \((\d)th\) page of a (\d+)-job list read (\d+) at a time, for `jobs`, `pages` with prefetch 0 and 1, and `listAllJobs`\. Client: `maxRetries` (\d+), (\d+) ms base backoff, jitter off, `maxRetryAfter` (\d+) s\./
    )
    expect([sayMiddle, sayLast, sayTotal, sayPageSize]).toEqual([middle, last, total, pageSize])
    expect(last).toBe(total / pageSize)
    expect([retries, base, retryAfter * 1000]).toEqual([
      inSource(matrix, /\nconst maxRetries = ([\d_]+)\n/),
      inSource(matrix, /\nconst baseDelay = ([\d_]+)\n/),
      inSource(matrix, /maxRetryAfterMillis: ([\d_]+)/)
    ])
  })

  it("Walk.IdFingerprints' memory (docs/reliability.md): the size of its typed array", () => {
    const [chance] = quoted("docs/reliability.md", /the chance is at most n²\/2⁶⁵ \(([\d.e-]+) for a million jobs\)/)
    expect(chance).toBe(Number((1e6 ** 2 / 2 ** 65).toPrecision(1)))
    const [perSlot, low, high, at100k, atMillion] = quoted(
      "docs/reliability.md",
      /`Walk\.IdFingerprints`: (\d+) bytes a slot, doubled when more than half full, so (\d+) to (\d+) bytes a job: ([\d.]+) MB for 100,000 jobs, ([\d.]+) MB for a million/
    )
    const bytesFor = (n: number) => {
      const set = new Walk.IdFingerprints(1)
      for (let i = 0; i < n; i++) set.add(`job_${i.toString(16)}`)
      const table = (set as unknown as { readonly table: Uint32Array }).table
      expect(set.size).toBe(n)
      return table.byteLength
    }
    expect(perSlot).toBe(Uint32Array.BYTES_PER_ELEMENT * 2)
    expect([low, high]).toEqual([perSlot * 2, perSlot * 4])
    expect(at100k).toBe(Number((bytesFor(100_000) / 1e6).toFixed(1)))
    expect(atMillion).toBe(Number((bytesFor(1_000_000) / 1e6).toFixed(1)))
  })

  it("a decompression bomb (docs/client.md): what zlib makes of 10 MB of zeros", () => {
    const [decoded, compressed] = quoted(
      "docs/client.md",
      /a decompression bomb \((\d+) MB of zeros gzipped to (\d+) KB\)/
    )
    const size = Zlib.gzipSync(Buffer.alloc(decoded * 1e6)).length
    expect(Math.abs(size / (compressed * 1e3) - 1), `${size} bytes`).toBeLessThan(0.1)
  })

  it("the browser bundles the READMEs quote are docs/benchmarks.md's, to the KB", () => {
    const block = /<!-- bench:size:begin -->([\s\S]*)<!-- bench:size:end -->/.exec(read("docs/benchmarks.md"))![1]
    const row = /\| sutro-effect, fetch \(jobs stream\) \| [\d.]+ \| ([\d.]+) \| [\d.]+ \| ([\d.]+) \|/.exec(block)
    if (row === null) throw new Error("docs/benchmarks.md: no jobs-stream row in the size block")
    const [effect3, effect4] = [Number(row[1]), Number(row[2])]
    const claims: ReadonlyArray<readonly [string, RegExp, ReadonlyArray<number>]> = [
      ["packages/effect3/browser/README.md", /The jobs-stream bundle over `fetch` is about (\d+) KB gzip/, [effect3]],
      [
        "packages/effect4/browser/README.md",
        /The jobs-stream bundle is about (\d+) KB gzip, .* \(the Effect 3 line's is about (\d+) KB;/,
        [effect4, effect3]
      ]
    ]
    for (const [file, pattern, measured] of claims) {
      expect([file, quoted(file, pattern)]).toEqual([file, measured.map(Math.round)])
    }
  })
})

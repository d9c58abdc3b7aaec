/**
 * The key echoed back: a server that repeats the `Authorization` header in every spelling the
 * emulator's `EchoAuthorization` fault has (as sent, percent-encoded in either case, form-encoded,
 * `encodeURI`d, HTML references, `\u` escapes), in a JSON detail, an HTML page or plain text, and
 * one that puts the key into `next_cursor`. The walk must go on with the real cursor, and no error,
 * log line or span may hold the key in any spelling the canary knows (`Secrets.scrubberFor`). The
 * key has the characters those spellings change.
 *
 * @since 0.0.0
 */
import type * as Fault from "@sutro-effect/emulator/Fault"
import * as Server from "@sutro-effect/emulator/Server"
import * as Assert from "node:assert/strict"
import * as Canary from "./Canary.js"
import type * as Driver from "./Driver.js"

/**
 * Every spelling of the emulator's echo faults.
 *
 * @since 0.0.0
 * @category constants
 */
export const spellings: ReadonlyArray<Fault.Spelling> = [
  "as-sent",
  "percent",
  "percent-lower",
  "form",
  "uri",
  "html-named",
  "html-decimal",
  "html-hex",
  "json-unicode"
]

const total = 30
const pageSize = 10

const withClient = async <A>(
  driver: Driver.Driver,
  canary: Canary.Canary,
  f: (emulator: Server.Handle, client: Driver.Client) => Promise<A>
): Promise<A> => {
  const emulator = await Server.start({ jobs: total, seed: 11, apiKeys: [Canary.hostileKey] })
  try {
    const client = await driver.client({
      apiKey: Canary.hostileKey,
      baseUrl: emulator.url,
      timeoutMillis: 5_000,
      retry: { maxRetries: 2, baseDelayMillis: 1, jitter: false }
    }, canary)
    try {
      return await f(emulator, client)
    } finally {
      await client.close()
    }
  } finally {
    await emulator.close()
  }
}

const noLeaks = (canary: Canary.Canary, minErrors: number) => {
  const summary = canary.summary()
  Assert.ok(summary.errors >= minErrors, `${summary.errors} errors seen, expected at least ${minErrors}`)
  Assert.ok(summary.spans > 0 && summary.logs > 0, `${summary.spans} spans and ${summary.logs} log lines seen`)
  Assert.deepStrictEqual(canary.leaks(), [])
}

/**
 * The cases for one line.
 *
 * @since 0.0.0
 * @category constructors
 */
export const suite = (driver: Driver.Driver): ReadonlyArray<Driver.Case> => [
  {
    name:
      "the key echoed in every spelling, in a JSON detail, an HTML page and plain text, reaches no error, log or span",
    timeout: 60_000,
    run: () => {
      const canary = new Canary.Canary([Canary.hostileKey])
      return withClient(driver, canary, async (emulator, client) => {
        const formats = [
          { format: "json", status: 401, error: "AuthenticationError", times: 1 },
          { format: "html", status: 502, error: "ServerError", times: 3 },
          { format: "text", status: 200, error: "DecodeError", times: 1 }
        ] as const
        const problems: Array<string> = []
        for (const spelling of spellings) {
          for (const { error, format, status, times } of formats) {
            await emulator.scriptFaults([{ _tag: "EchoAuthorization", status, format, spelling, times }])
            const outcome = await client.run({ _tag: "listJobs", limit: pageSize })
            if (outcome.error?._tag !== error) problems.push(`${spelling} ${format}: ${outcome.error?._tag}`)
          }
        }
        Assert.deepStrictEqual(problems, [])
        noLeaks(canary, spellings.length * formats.length)
      })
    }
  },
  {
    name: "the key in next_cursor: the walk sends the real cursor, and no error, log or span shows it",
    timeout: 60_000,
    run: () => {
      const canary = new Canary.Canary([Canary.hostileKey])
      return withClient(driver, canary, async (emulator, client) => {
        const problems: Array<string> = []
        const echo = (spelling: Fault.Spelling): Fault.Fault => ({
          _tag: "EchoAuthorization",
          into: "next_cursor",
          spelling
        })
        for (const spelling of spellings) {
          // Followed: the emulator reads the echoed cursor back only as the client received it.
          await emulator.scriptFaults([echo(spelling)])
          const walked = await client.run({ _tag: "pages", pageSize, prefetch: 0 })
          if (walked.error !== undefined || walked.delivered.length !== total) {
            problems.push(`${spelling}: ${walked.delivered.length} jobs, ${walked.error?.message ?? "no error"}`)
          }
          // The page after it fails, with retries and their Debug logs: the error's cursor is the echoed one.
          await emulator.scriptFaults([echo(spelling), { _tag: "Status", status: 503, times: 3 }])
          const failed = await client.run({ _tag: "jobs", pageSize })
          if (failed.error?._tag !== "ServerError" || failed.error.fields.attempts !== 3) {
            problems.push(`${spelling}: ${failed.error?._tag} after ${failed.error?.fields.attempts} attempts`)
          } else if (!String(failed.error.fields.cursor).includes("[redacted]")) {
            problems.push(`${spelling}: error.cursor ${failed.error.fields.cursor} is not scrubbed`)
          }
          // The server repeats the echoed cursor: the PaginationError's detail and cursor are both it.
          await emulator.scriptFaults([echo(spelling), { _tag: "RepeatCursor" }])
          const repeated = await client.run({ _tag: "pages", pageSize, prefetch: 1 })
          if (repeated.error?._tag !== "PaginationError") problems.push(`${spelling}: ${repeated.error?._tag}`)
        }
        Assert.deepStrictEqual(problems, [])
        noLeaks(canary, spellings.length * 2)
      })
    }
  }
]

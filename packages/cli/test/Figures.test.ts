// The figures docs/cli.md quotes that are the CLI's own constants, read from its tables and sentences and
// checked against the code: the exit codes (both tables), the list flags' defaults and the columns.
// A changed constant fails here until the guide follows.
import { describe, expect, it } from "@effect/vitest"
import * as PageSize from "@sutro-effect/core/PageSize"
import * as Fs from "node:fs"
import { ExitCode } from "../src/ExitCode.js"
import { defaultTableColumns, derivedColumns, wireColumns } from "../src/Output.js"

const guide = Fs.readFileSync(new URL("../../../docs/cli.md", import.meta.url), "utf8")

/** The rows of the table whose header row is `header`: each row's cells, trimmed. */
const table = (header: string): ReadonlyArray<ReadonlyArray<string>> => {
  const lines = guide.split("\n")
  const start = lines.indexOf(header)
  if (start < 0) throw new Error(`docs/cli.md: no table headed ${header}`)
  const rows: Array<Array<string>> = []
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break
    rows.push(line.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim()))
  }
  return rows
}

/** The names between backticks in `text`, in order. */
const ticked = (text: string): ReadonlyArray<string> => Array.from(text.matchAll(/`([^`]+)`/g), (m) => m[1])

describe("the figures docs/cli.md quotes", () => {
  it("the exit codes: the table of every command, against ExitCode", () => {
    const named: Record<string, ReadonlyArray<keyof typeof ExitCode>> = {
      success: ["ok"],
      unexpected: ["unexpected"],
      usage: ["usage"],
      authentication: ["auth"],
      network: ["unavailable"],
      configuration: ["configuration"],
      data: ["data"],
      "`wait`": ["jobFailed", "jobCancelled", "unknownJob", "timedOut"],
      output: ["output"],
      interrupted: ["interrupted"]
    }
    const rows = table("| code | meaning |")
    const documented = rows.map(([codes, meaning]) => {
      const word = meaning.split(/[\s:,]/)[0]
      return [word, codes.split(", ").map(Number)] as const
    })
    expect(documented).toEqual(
      documented.map(([word]) => [word, (named[word] ?? []).map((key) => ExitCode[key])] as const)
    )
    // Every code the CLI has is in the table.
    expect(documented.flatMap(([, codes]) => codes).sort((a, b) => a - b)).toEqual(
      Object.values(ExitCode).sort((a, b) => a - b)
    )
  })

  it("the exit codes of wait, against ExitCode", () => {
    const rows = table("| code | when |")
    const expected: ReadonlyArray<readonly [number, RegExp]> = [
      [ExitCode.ok, /^every job SUCCEEDED$/],
      [ExitCode.jobFailed, /^a job FAILED/],
      [ExitCode.jobCancelled, /^a job was CANCELLED/],
      [ExitCode.unknownJob, /^a job id is not listed/],
      [ExitCode.timedOut, /^`--timeout` passed first/],
      [ExitCode.interrupted, /^Ctrl-C$/]
    ]
    expect(rows.map(([code, when]) => [Number(code), expected.find(([n]) => n === Number(code))?.[1].test(when)]))
      .toEqual(expected.map(([code]) => [code, true]))
  })

  it("list's flags: the page size's default and range, the columns and the table's default columns", () => {
    const rows = table("| flag | default | |")
    const row = (flag: string) => {
      const found = rows.find(([name]) => name.startsWith(`\`${flag}`))
      if (found === undefined) throw new Error(`docs/cli.md: list's table has no ${flag}`)
      return found
    }
    const [, pageDefault, pageRange] = row("--page-size")
    expect([Number(pageDefault), /^(\d+) to (\d+):/.exec(pageRange)?.slice(1).map(Number)]).toEqual([
      PageSize.max,
      [PageSize.min, PageSize.max]
    ])
    const [, , columns] = row("--columns")
    const [wire, derived] = columns.split(" plus ")
    expect([ticked(wire), ticked(derived)]).toEqual([wireColumns, derivedColumns])
    const line = /^- `table`: default columns `([^`]+)`\.$/m.exec(guide)
    expect(line?.[1].split(", ")).toEqual(defaultTableColumns)
  })
})

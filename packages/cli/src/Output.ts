/**
 * The output formats of `sutro-jobs list`. Every writer turns pages of jobs into text as they
 * arrive, so a listing of a million jobs runs in constant memory: `ndjson` and `csv` write each
 * row once, `json` streams one array, and `table` sizes its columns from the first page and keeps
 * them for the rest.
 *
 * @since 0.1.0
 */
import * as Job from "@sutro-effect/core/Job"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

/**
 * @since 0.1.0
 * @category models
 */
export const formats = ["table", "json", "ndjson", "csv", "ids"] as const

/**
 * @since 0.1.0
 * @category models
 */
export type Format = typeof formats[number]

/**
 * A job as it travels on the wire: what every format prints.
 *
 * @since 0.1.0
 * @category models
 */
export type Row = Job.JobEncoded

/**
 * Encodes a decoded job back to its wire form (canonical status spelling, ISO dates).
 *
 * @since 0.1.0
 * @category encoding
 */
export const encodeJob = (job: Job.Job): Row => (encoder ??= Schema.encodeSync(Job.Job))(job)

// Built on first use: the command tree imports this module for its column names.
let encoder: ((job: Job.Job) => Row) | undefined

/**
 * The columns of the wire object, in the order CSV prints them by default.
 *
 * @since 0.1.0
 * @category columns
 */
export const wireColumns = [
  "job_id",
  "status",
  "model",
  "name",
  "description",
  "dataset_id",
  "job_priority",
  "run_type",
  "datetime_created",
  "datetime_started",
  "datetime_completed",
  "num_rows",
  "input_tokens",
  "output_tokens",
  "job_cost",
  "cost_estimate",
  "failure_reason",
  "system_prompt",
  "sampling_params",
  "json_schema"
] as const

/**
 * Columns computed from a job: `failure` (the failure message) and `run_seconds` (from
 * `datetime_started` to `datetime_completed`).
 *
 * @since 0.1.0
 * @category columns
 */
export const derivedColumns = ["failure", "run_seconds"] as const

/**
 * Every column `--columns` accepts.
 *
 * @since 0.1.0
 * @category columns
 */
export const allColumns: ReadonlyArray<string> = [...wireColumns, ...derivedColumns]

/**
 * The columns of `--format table` when `--columns` is not given.
 *
 * @since 0.1.0
 * @category columns
 */
export const defaultTableColumns: ReadonlyArray<string> = [
  "job_id",
  "status",
  "model",
  "datetime_created",
  "name",
  "num_rows",
  "job_cost"
]

/**
 * Reads a `--columns` value (comma-separated names).
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseColumns = (input: string): Either.Either<ReadonlyArray<string>, string> => {
  const names = input.split(",").map((name) => name.trim()).filter((name) => name !== "")
  if (names.length === 0) return Either.left("--columns needs at least one column name")
  const unknown = names.filter((name) => !allColumns.includes(name))
  return unknown.length > 0
    ? Either.left(
      `unknown column${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}; known: ${allColumns.join(", ")}`
    )
    : Either.right(names)
}

/**
 * Run time in seconds, or null when the job has not both started and completed.
 *
 * @since 0.1.0
 * @category columns
 */
export const runSeconds = (row: Row): number | null => {
  if (row.datetime_started === null || row.datetime_completed === null) return null
  const millis = Date.parse(row.datetime_completed) - Date.parse(row.datetime_started)
  return Number.isFinite(millis) ? millis / 1000 : null
}

/**
 * The value of a column for a row, as JSON.
 *
 * @since 0.1.0
 * @category columns
 */
export const value = (row: Row, column: string): unknown => {
  switch (column) {
    case "failure":
      return row.failure_reason?.message ?? null
    case "run_seconds":
      return runSeconds(row)
    default:
      return (row as unknown as Record<string, unknown>)[column] ?? null
  }
}

/**
 * The text of a value in a cell: empty for null, JSON for objects.
 *
 * @since 0.1.0
 * @category formatting
 */
export const cellText = (value: unknown): string =>
  value === null || value === undefined
    ? ""
    : typeof value === "object"
    ? JSON.stringify(value)
    : String(value)

// C0 controls, DEL, C1 controls, and the bidirectional embeddings, overrides and isolates: a terminal acts on them
// (a title set, a screen cleared, a row forged, text reordered), and a job's name or failure reason is anyone's text.
const invisible = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g

const escapeCode = (ch: string): string => {
  const code = ch.charCodeAt(0)
  return code <= 0xff
    ? `\\x${code.toString(16).toUpperCase().padStart(2, "0")}`
    : `\\u{${code.toString(16).toUpperCase()}}`
}

/**
 * Text from the server made safe for a terminal: every C0 and C1 control character, DEL and the
 * bidirectional overrides (U+202A..U+202E, U+2066..U+2069) written as a visible escape (`\x1B`,
 * `\x0A`, `\u{202E}`), everything else as it is. The table and text formats print through it;
 * NDJSON, JSON and CSV stay exact.
 *
 * @since 0.1.0
 * @category formatting
 */
export const visible = (text: string): string => text.replace(invisible, escapeCode)

// The units a cut may not split: an escape written by `visible`, a surrogate pair, or one code unit.
const units = /\\x[0-9A-F]{2}|\\u\{[0-9A-F]+\}|[\ud800-\udbff][\udc00-\udfff]|[\s\S]/g

/**
 * Cuts text to at most `width` code units, ending in `…` when cut, never inside an escape written
 * by {@link visible} or a surrogate pair.
 *
 * @since 0.1.0
 * @category formatting
 */
export const truncate = (text: string, width: number): string => {
  if (text.length <= width) return text
  const room = width <= 1 ? width : width - 1
  let out = ""
  for (const unit of text.match(units) ?? []) {
    if (out.length + unit.length > room) break
    out += unit
  }
  return width <= 1 ? out : out + "…"
}

/**
 * Shortens text to at most `width` code units by cutting its middle (`job_3f2a…9c1d`), so that
 * both ends of an id stay readable; never inside an escape written by {@link visible} or a
 * surrogate pair.
 *
 * @since 0.1.0
 * @category formatting
 */
export const shorten = (text: string, width: number): string => {
  if (text.length <= width) return text
  if (width <= 2) return truncate(text, width)
  const all = text.match(units) ?? []
  const room = width - 1
  let head = "", tail = "", i = 0, j = all.length - 1
  // Alternately from the front and the back, the front first, while the next unit fits.
  for (let front = true; i <= j; front = !front) {
    const unit = front ? all[i] : all[j]
    if (head.length + tail.length + unit.length > room) break
    if (front) {
      head += unit
      i++
    } else {
      tail = unit + tail
      j--
    }
  }
  return head + "…" + tail
}

/**
 * Wraps text to lines of at most `width` characters at spaces, never inside a word (a word longer
 * than the width gets a line of its own, cut with `…`). Lines are returned without line breaks;
 * the text's own line breaks are kept, and so is the indent of each of its lines.
 *
 * @since 0.1.0
 * @category formatting
 */
export const wrap = (text: string, width: number): Array<string> => {
  const out: Array<string> = []
  for (const paragraph of text.split("\n")) {
    const indent = /^ */.exec(paragraph)![0]
    const words = paragraph.slice(indent.length).split(/ +/).filter((word) => word !== "")
    let line = indent
    for (const word of words) {
      if (line.trim() !== "" && line.length + 1 + word.length > width) {
        out.push(line)
        line = indent
      }
      line += (line.trim() === "" ? "" : " ") + word
      if (line.length > width) {
        out.push(truncate(line, width))
        line = indent
      }
    }
    if (line.trim() !== "" || words.length === 0) out.push(line.trim() === "" ? "" : line)
  }
  return out
}

/**
 * Quotes a CSV field as RFC 4180 says: fields containing a comma, a double quote, CR or LF are
 * enclosed in double quotes, with inner double quotes doubled.
 *
 * @since 0.1.0
 * @category formatting
 */
export const csvField = (text: string): string => /[",\r\n]/.test(text) ? `"${text.replace(/"/g, "\"\"")}"` : text

/**
 * One CSV record with its CRLF line break (RFC 4180).
 *
 * @since 0.1.0
 * @category formatting
 */
export const csvRecord = (fields: ReadonlyArray<string>): string => fields.map(csvField).join(",") + "\r\n"

/**
 * Turns pages of rows into text: `start` once, `page` per page as it arrives, `end` once (also
 * after an interruption, so a JSON array stays parseable).
 *
 * @since 0.1.0
 * @category models
 */
export interface Writer {
  readonly start: () => string
  readonly page: (rows: ReadonlyArray<Row>) => string
  readonly end: (count: number) => string
}

const pick = (row: Row, columns: ReadonlyArray<string> | undefined): unknown => {
  if (columns === undefined) return row
  const out: Record<string, unknown> = {}
  for (const column of columns) out[column] = value(row, column)
  return out
}

/**
 * Job ids, one per line ending in `\n` alone, for shell pipelines
 * (`sutro-jobs list --format ids --status running | xargs sutro-jobs wait`). An id holding a
 * control character is shown escaped, as in the table.
 *
 * @since 0.1.0
 * @category writers
 */
export const ids: Writer = {
  start: () => "",
  page: (rows) => {
    let text = ""
    for (const row of rows) text += visible(String(row.job_id)) + "\n"
    return text
  },
  end: () => ""
}

/**
 * One JSON object per line.
 *
 * @since 0.1.0
 * @category writers
 */
export const ndjson = (columns?: ReadonlyArray<string>): Writer => ({
  start: () => "",
  page: (rows) => {
    let text = ""
    for (const row of rows) text += JSON.stringify(pick(row, columns)) + "\n"
    return text
  },
  end: () => ""
})

/**
 * One JSON array, written element by element.
 *
 * @since 0.1.0
 * @category writers
 */
export const json = (columns?: ReadonlyArray<string>): Writer => {
  let first = true
  return {
    start: () => "[",
    page: (rows) => {
      let text = ""
      for (const row of rows) {
        text += (first ? "\n  " : ",\n  ") + JSON.stringify(pick(row, columns))
        first = false
      }
      return text
    },
    end: () => first ? "]\n" : "\n]\n"
  }
}

/**
 * CSV with a header record; objects are written as JSON text.
 *
 * @since 0.1.0
 * @category writers
 */
export const csv = (columns: ReadonlyArray<string> = wireColumns): Writer => ({
  start: () => csvRecord(columns),
  page: (rows) => {
    let text = ""
    for (const row of rows) text += csvRecord(columns.map((column) => cellText(value(row, column))))
    return text
  },
  end: () => ""
})

const tableCell = (row: Row, column: string): string => {
  const v = value(row, column)
  if (v === null || v === undefined) return "-"
  if (column === "job_cost" || column === "cost_estimate") return `$${(v as number).toFixed(4)}`
  // Minutes are enough to tell jobs apart by eye, and keep the column narrow.
  if (column.startsWith("datetime_") && typeof v === "string") return v.replace("T", " ").slice(0, 16)
  return visible(cellText(v)).replace(/\s+/g, " ")
}

const numeric = new Set([
  "job_priority",
  "num_rows",
  "input_tokens",
  "output_tokens",
  "job_cost",
  "cost_estimate",
  "run_seconds"
])

/**
 * Column widths that fit `width`: each column starts at its widest cell (at most 48), then columns
 * give way until the line fits, stage by stage: in the first stage each column with a floor in
 * `stages[0]` shrinks to it (the widest first), then those of `stages[1]`, and so on; then the
 * `flexible` columns (free text such as names) down to `minimum`; only then the others too.
 *
 * @since 0.1.0
 * @category formatting
 */
export const fitWidths = (
  natural: ReadonlyArray<number>,
  minimum: ReadonlyArray<number>,
  width: number,
  flexible: ReadonlyArray<boolean> = natural.map(() => true),
  stages: ReadonlyArray<ReadonlyArray<number | undefined>> = []
): Array<number> => {
  const widths = natural.map((w) => Math.min(w, 48))
  let total = widths.reduce((a, b) => a + b, 0) + 2 * Math.max(0, widths.length - 1)
  const floors: Array<ReadonlyArray<number | undefined>> = [
    ...stages,
    flexible.map((f, i) => f ? minimum[i] : undefined),
    minimum
  ]
  for (const floor of floors) {
    while (total > width) {
      let widest = -1
      for (let i = 0; i < widths.length; i++) {
        const least = floor[i]
        if (
          least !== undefined && widths[i] > Math.max(least, minimum[i]) && (widest < 0 || widths[i] > widths[widest])
        ) {
          widest = i
        }
      }
      if (widest < 0) break
      widths[widest]--
      total--
    }
  }
  return widths
}

// Free text, which gives way first (after ids and dates), then the short labels such as models.
const freeTextColumns = new Set([
  "name",
  "description",
  "failure",
  "failure_reason",
  "system_prompt",
  "sampling_params",
  "json_schema"
])

const flexibleColumns = new Set([...freeTextColumns, "model", "dataset_id", "run_type"])

const idColumns = new Set(["job_id", "dataset_id"])

// An id keeps 12 characters (its two ends), a date 11 (`06-01 09:00`, without the year).
const idFloor = 12, dateFloor = 11

const isDate = (column: string) => column.startsWith("datetime_")

/**
 * An aligned table no wider than `width`. Column widths come from the header and the first page,
 * so the output streams; longer cells later are cut with `…`. When the columns do not fit, ids
 * give way first (cut in the middle, to 12), then dates (without the year), then free text (names,
 * descriptions), then models and other labels, and only then the rest.
 *
 * @since 0.1.0
 * @category writers
 */
export const table = (
  options: { readonly width: number; readonly columns?: ReadonlyArray<string> | undefined }
): Writer => {
  const columns = options.columns ?? defaultTableColumns
  let widths: Array<number> | undefined
  // What a cell becomes in a column narrower than it: an id loses its middle, a date its year (a
  // header its DATETIME_), anything else its end.
  const cut = (cell: string, i: number, header: boolean) => {
    const w = widths![i], column = columns[i]
    if (cell.length <= w) return cell
    if (isDate(column)) {
      if (header) return truncate(cell.replace(/^DATETIME_/, ""), w)
      if (/^\d{4}-/.test(cell)) return truncate(cell.slice(5), w)
    }
    return idColumns.has(column) && !header ? shorten(cell, w) : truncate(cell, w)
  }
  const line = (cells: ReadonlyArray<string>, header = false) =>
    cells.map((cell, i) => {
      const text = cut(cell, i, header)
      return i === cells.length - 1 && !numeric.has(columns[i])
        ? text
        : numeric.has(columns[i])
        ? text.padStart(widths![i])
        : text.padEnd(widths![i])
    }).join("  ").trimEnd() + "\n"
  const header = columns.map((column) => column.toUpperCase())
  return {
    start: () => "",
    page: (rows) => {
      if (rows.length === 0) return ""
      const cells = rows.map((row) => columns.map((column) => tableCell(row, column)))
      let text = ""
      if (widths === undefined) {
        widths = fitWidths(
          header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i].length))),
          header.map((h) => Math.max(4, Math.min(h.length, 8))),
          options.width,
          columns.map((column) => flexibleColumns.has(column)),
          [
            columns.map((column) => idColumns.has(column) ? idFloor : undefined),
            columns.map((column) => isDate(column) ? dateFloor : undefined),
            columns.map((column) => freeTextColumns.has(column) ? 6 : undefined)
          ]
        )
        text += line(header, true)
      }
      for (const row of cells) text += line(row)
      return text
    },
    end: (count) => count === 0 ? "No jobs.\n" : ""
  }
}

/**
 * The writer for a format.
 *
 * @since 0.1.0
 * @category writers
 */
export const writer = (
  format: Format,
  options: { readonly width: number; readonly columns?: ReadonlyArray<string> | undefined }
): Writer => {
  switch (format) {
    case "table":
      return table(options)
    case "json":
      return json(options.columns)
    case "ndjson":
      return ndjson(options.columns)
    case "csv":
      return csv(options.columns)
    case "ids":
      return ids
  }
}

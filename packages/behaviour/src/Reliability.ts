/**
 * The writer of docs/reliability.md. Each suite owns one section per line (`matrix` of `effect3`
 * lies between `<!-- reliability:matrix:effect3:start -->` and its `end` marker), so the two lines'
 * runs, in separate processes and possibly at once, never write each other's text.
 *
 * @since 0.0.0
 */
import * as Fs from "node:fs"
import type * as Driver from "./Driver.js"

const docUrl = new URL("../../../docs/reliability.md", import.meta.url)
const lockUrl = new URL("../../../docs/.reliability.lock", import.meta.url)

/**
 * `UPDATE_RELIABILITY=1` rewrites the sections from what the suites observed. Without it (CI), each
 * committed section must equal what its suite observed, so the page cannot drift from the code.
 *
 * @since 0.0.0
 * @category constants
 */
export const updating: boolean = process.env.UPDATE_RELIABILITY === "1"

/**
 * The command that regenerates a line's sections.
 *
 * @since 0.0.0
 * @category constants
 */
export const regenerate: Record<Driver.Line, string> = {
  effect3: "UPDATE_RELIABILITY=1 npx vitest run --project effect3/client test/faults",
  effect4: "cd packages/effect4 && UPDATE_RELIABILITY=1 npx -y -p node@22 -c " +
    "'node node_modules/vitest/vitest.mjs run --project effect4/client test/faults'"
}

const markers = (name: string, line: Driver.Line) =>
  [`<!-- reliability:${name}:${line}:start -->`, `<!-- reliability:${name}:${line}:end -->`] as const

/**
 * The committed text of a section, or undefined when the page or the section is missing.
 *
 * @since 0.0.0
 * @category accessors
 */
export const readSection = (name: string, line: Driver.Line): string | undefined => {
  if (!Fs.existsSync(docUrl)) return undefined
  const doc = Fs.readFileSync(docUrl, "utf8")
  const [start, end] = markers(name, line)
  const from = doc.indexOf(start), to = doc.indexOf(end)
  if (from < 0 || to < from) return undefined
  return doc.slice(from + start.length, to).replace(/^\n/, "").replace(/\n$/, "")
}

// Another process may hold the page: a lock directory keeps each read-modify-write whole.
const withLock = <A>(f: () => A): A => {
  const deadline = Date.now() + 10_000
  for (;;) {
    try {
      Fs.mkdirSync(lockUrl)
      break
    } catch {
      if (Date.now() > deadline) throw new Error("docs/.reliability.lock is stuck: remove it")
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20)
    }
  }
  try {
    return f()
  } finally {
    Fs.rmdirSync(lockUrl)
  }
}

/**
 * With UPDATE_RELIABILITY=1 writes `body` into the line's section (appending the section when the
 * page has none) and returns undefined; otherwise returns a complaint when the committed section
 * differs (undefined when it matches).
 *
 * @since 0.0.0
 * @category utils
 */
export const syncSection = (name: string, line: Driver.Line, body: string): string | undefined => {
  if (!updating) {
    const committed = readSection(name, line)
    if (committed === body) return undefined
    return `docs/reliability.md's "${name}" section of ${line} differs from what the suite observed. ` +
      `If the change is intended, regenerate it with ${regenerate[line]} and commit the page.\n` +
      `--- committed\n${committed ?? "(missing)"}\n--- observed\n${body}`
  }
  withLock(() => {
    const doc = Fs.readFileSync(docUrl, "utf8")
    const [start, end] = markers(name, line)
    const from = doc.indexOf(start), to = doc.indexOf(end)
    const next = from < 0 || to < from
      ? `${doc.replace(/\n*$/, "\n")}\n${start}\n${body}\n${end}\n`
      : `${doc.slice(0, from + start.length)}\n${body}\n${doc.slice(to)}`
    // Written aside and renamed over the page, so a concurrent check never reads a half-written file.
    const temp = new URL(`../../../docs/.reliability.${process.pid}.tmp`, import.meta.url)
    Fs.writeFileSync(temp, next)
    Fs.renameSync(temp, docUrl)
  })
  return undefined
}

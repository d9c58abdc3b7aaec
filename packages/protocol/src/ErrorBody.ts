/**
 * The bodies of error responses, in every shape the real service and its intermediaries send:
 *
 * - FastAPI: `{"detail": "..."}`, or for 422 `{"detail": [{"loc": [...], "msg": "...", "type": "..."}]}`;
 * - newer endpoints add `code` and `request_id`; an old page shows `{"message": "..."}`;
 * - Cloudflare and other proxies answer with HTML pages (520-524), which are not JSON at all.
 *
 * Everything here reads server text in bounded, linear time, and every text taken from it is bounded.
 *
 * @since 0.1.0
 */

/**
 * How much of a body {@link excerpt} reads: a title or the first words of a page are at its start,
 * and a bounded prefix keeps the cost of a hostile body small and linear.
 *
 * @since 0.1.0
 * @category constants
 */
export const excerptScanLength = 8192

/**
 * The longest excerpt of a body, in UTF-16 units.
 *
 * @since 0.1.0
 * @category constants
 */
export const maxExcerpt = 200

/**
 * The longest `detail` taken from a JSON body: long enough for any real explanation, bounded for a
 * hostile one (it goes into error messages).
 *
 * @since 0.1.0
 * @category constants
 */
export const maxDetail = 1000

/**
 * One problem of a FastAPI validation error (422).
 *
 * @since 0.1.0
 * @category models
 */
export interface ValidationIssue {
  readonly loc: ReadonlyArray<string | number>
  readonly msg: string
  readonly type?: string | undefined
}

/**
 * A body read by {@link parse}: JSON, or not (an HTML page from a proxy, plain text, or nothing).
 *
 * @since 0.1.0
 * @category models
 */
export type Parsed = {
  readonly _tag: "Json"
  /** The server's explanation, flattened to one line (validation problems joined). */
  readonly detail: string | undefined
  /** The validation problems of a 422, empty otherwise. */
  readonly issues: ReadonlyArray<ValidationIssue>
  readonly code: string | undefined
  readonly requestId: string | undefined
} | {
  readonly _tag: "NotJson"
  readonly contentType: string | undefined
  /** A short, single-line excerpt: the page's `<title>` when it has one, else the start of the text. */
  readonly excerpt: string
  readonly length: number
}

// Everything below reads server text in one pass: a regex like /<[^>]*>/g over a body of many `<`
// without `>` rescans the rest of the text from every `<`, which is quadratic.

const titleOf = (text: string, lower: string): string | undefined => {
  const open = lower.indexOf("<title")
  if (open === -1) return undefined
  const end = lower.indexOf(">", open + 6)
  if (end === -1) return undefined
  const close = lower.indexOf("</title>", end + 1)
  return close === -1 ? undefined : text.slice(end + 1, close)
}

const rawTextTag = (lower: string, at: number): "script" | "style" | undefined =>
  lower.startsWith("script", at + 1) ? "script" : lower.startsWith("style", at + 1) ? "style" : undefined

/** Tags (and script/style elements) become spaces; a `<` without a later `>` is kept as text. */
const stripTags = (text: string, lower: string): string => {
  let out = ""
  let at = 0
  // Once a search has failed from some position, it fails from every later one: remember that.
  const closed = { script: true, style: true }
  while (at < text.length) {
    const open = text.indexOf("<", at)
    if (open === -1) break
    const end = text.indexOf(">", open + 1)
    if (end === -1) break
    out += text.slice(at, open) + " "
    const raw = rawTextTag(lower, open)
    if (raw !== undefined && closed[raw]) {
      const close = lower.indexOf(`</${raw}>`, end + 1)
      if (close !== -1) {
        at = close + raw.length + 3
        continue
      }
      closed[raw] = false
    }
    at = end + 1
  }
  return out + text.slice(at)
}

/**
 * Cuts `text` to at most `max` UTF-16 units, ending in an ellipsis when cut, never inside a
 * surrogate pair.
 *
 * @since 0.1.0
 * @category formatting
 */
export const truncate = (text: string, max: number): string => {
  if (text.length <= max) return text
  let cut = max - 1
  const last = text.charCodeAt(cut - 1)
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1
  return text.slice(0, cut) + "…"
}

/**
 * A short single-line excerpt of a body, for error messages: the `<title>` of an HTML page, else
 * the text with tags stripped. Only the first {@link excerptScanLength} characters are read, in
 * time linear in their length, whatever the body holds.
 *
 * @since 0.1.0
 * @category formatting
 */
export const excerpt = (text: string, max: number = maxExcerpt): string => {
  const head = text.length > excerptScanLength ? text.slice(0, excerptScanLength) : text
  const lower = head.toLowerCase()
  const source = titleOf(head, lower) ?? stripTags(head, lower)
  const line = source.replaceAll("&nbsp;", " ").replaceAll("&amp;", "&").replace(/\s+/g, " ").trim()
  return truncate(line, max)
}

type Record_ = { readonly [key: string]: unknown }

const isRecord = (u: unknown): u is Record_ => typeof u === "object" && u !== null && !Array.isArray(u)

const hasOwn = Object.prototype.hasOwnProperty

const isLoc = (u: unknown): u is ReadonlyArray<string | number> =>
  Array.isArray(u) && u.every((part) => typeof part === "string" || typeof part === "number")

/**
 * Whether `u` is a {@link ValidationIssue} (with its `loc`, as {@link parse} yields them).
 *
 * @since 0.1.0
 * @category guards
 */
export const isValidationIssue = (u: unknown): u is ValidationIssue =>
  isRecord(u) && isLoc(u.loc) && typeof u.msg === "string" &&
  (!hasOwn.call(u, "type") || u.type === undefined || typeof u.type === "string")

/**
 * An issue as FastAPI sends it (`loc` may be missing; other keys such as `input` and `ctx` are
 * dropped), or `undefined`.
 */
const issueOf = (u: unknown): ValidationIssue | undefined => {
  if (!isRecord(u)) return undefined
  const loc = hasOwn.call(u, "loc") && u.loc !== undefined ? u.loc : []
  const msg = u.msg
  if (!isLoc(loc) || typeof msg !== "string") return undefined
  if (!hasOwn.call(u, "type")) return { loc: loc.slice(), msg }
  const type = u.type
  if (type === undefined) return { loc: loc.slice(), msg }
  return typeof type === "string" ? { loc: loc.slice(), msg, type } : undefined
}

/** A JSON value with finite numbers only (JSON.parse reads `1e999` as Infinity). */
const isJsonValue = (u: unknown): boolean => {
  switch (typeof u) {
    case "string":
    case "boolean":
      return true
    case "number":
      return Number.isFinite(u)
    case "object":
      return u === null || (Array.isArray(u) ? u.every(isJsonValue) : Object.values(u).every(isJsonValue))
    default:
      return false
  }
}

/** A key that is absent, or holds a value `valid` accepts (`undefined` counts as absent). */
const optional = (body: Record_, key: string, valid: (u: unknown) => boolean): boolean =>
  !hasOwn.call(body, key) || body[key] === undefined || valid(body[key])

const isString = (u: unknown): u is string => typeof u === "string"

const issueText = (issue: ValidationIssue): string => {
  const loc = issue.loc.filter((part) => part !== "body" || issue.loc.length === 1).join(".")
  return loc === "" ? issue.msg : `${loc}: ${issue.msg}`
}

/** `detail` as a list of issues when every item is one, else `undefined`. */
const issuesOf = (detail: ReadonlyArray<unknown>): Array<ValidationIssue> | undefined => {
  const out: Array<ValidationIssue> = []
  for (const item of detail) {
    const issue = issueOf(item)
    if (issue === undefined) return undefined
    out.push(issue)
  }
  return out
}

/** A JSON body with nothing but a detail. */
const json = (detail: string): Parsed => ({ _tag: "Json", detail, issues: [], code: undefined, requestId: undefined })

/**
 * Reads an error body. JSON is parsed whole (linear); every text taken from it is bounded
 * (`detail` to {@link maxDetail} characters, excerpts to {@link maxExcerpt}). A JSON body of an
 * unexpected shape (not an object, or a key of the wrong type) is JSON with an excerpt of the text as
 * its detail.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parse = (text: string, contentType?: string | undefined): Parsed => {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return { _tag: "NotJson", contentType, excerpt: excerpt(text), length: text.length }
  }
  if (typeof parsed === "string") return json(truncate(parsed, maxDetail))
  if (
    !isRecord(parsed) || !optional(parsed, "message", isString) || !optional(parsed, "request_id", isString) ||
    !optional(parsed, "code", (u) => typeof u === "string" || typeof u === "number")
  ) {
    return json(excerpt(text))
  }
  const raw = parsed.detail
  let detail: string | undefined
  let issues: ReadonlyArray<ValidationIssue> = []
  const list = Array.isArray(raw) ? issuesOf(raw) : undefined
  if (typeof raw === "string") {
    detail = raw
  } else if (list !== undefined) {
    issues = list
    detail = list.map(issueText).join("; ")
  } else if (raw !== undefined && !isJsonValue(raw)) {
    return json(excerpt(text))
  } else if (raw !== undefined && raw !== null) {
    detail = excerpt(JSON.stringify(raw))
  }
  const message = parsed.message as string | undefined
  const code = parsed.code as string | number | undefined
  const text_ = detail ?? message
  return {
    _tag: "Json",
    detail: text_ === undefined ? undefined : truncate(text_, maxDetail),
    issues,
    code: code === undefined ? undefined : String(code),
    requestId: parsed.request_id as string | undefined
  }
}

/**
 * One line describing a body, for error messages.
 *
 * @since 0.1.0
 * @category formatting
 */
export const summary = (body: Parsed): string => {
  if (body._tag === "Json") {
    const text = body.detail ?? "no detail given"
    return body.code === undefined ? text : `${text} (code ${body.code})`
  }
  if (body.length === 0) return "empty body"
  return `non-JSON body (${body.contentType ?? "no content type"}): ${JSON.stringify(body.excerpt)}`
}

// The bodies of the hostile faults (HostileBody, EchoAuthorization, LargeBody): built from small
// repeated units, never from the request's data beyond what the fault says it echoes.
import type * as Fault from "../Fault.js"

export const chunkBytes = 64 * 1024

/** `unit` repeated to exactly `bytes` bytes (units never split: the remainder is `.`). */
const repeatTo = (unit: string, bytes: number): string => {
  const unitBytes = Buffer.byteLength(unit)
  const whole = Math.floor(bytes / unitBytes)
  return unit.repeat(whole) + ".".repeat(bytes - whole * unitBytes)
}

/** The text of a `HostileBody` fault: exactly `bytes` bytes of its pattern. */
export const hostileText = (pattern: typeof Fault.HostileBody.Type["pattern"], bytes: number): string => {
  switch (pattern) {
    case "angles":
      return repeatTo("<", bytes)
    case "titles":
      return repeatTo("<title", bytes)
    case "unclosed":
      return repeatTo("<b ", bytes)
    case "nested": {
      const depth = Math.max(0, Math.floor((bytes - 4) / 11))
      const text = "<div>".repeat(depth) + "deep" + "</div>".repeat(depth)
      return text + ".".repeat(bytes - Buffer.byteLength(text))
    }
    case "multibyte":
      // One ASCII byte first, so that 4-byte characters straddle every power-of-two prefix.
      return "x" + repeatTo("é漢🙂 ", bytes - 1)
  }
}

const named: { readonly [char: string]: string } = {
  "<": "&lt;",
  ">": "&gt;",
  "&": "&amp;",
  "\"": "&quot;",
  "'": "&apos;"
}

/** Every character but ASCII letters and digits through `f` (a code point at a time). */
const exceptAlphanumerics = (text: string, f: (char: string) => string): string =>
  [...text].map((char) => /^[A-Za-z0-9]$/.test(char) ? char : f(char)).join("")

const unicodeEscapes = (text: string): string =>
  exceptAlphanumerics(
    text,
    (char) =>
      Array.from({ length: char.length }, (_, i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, "0")}`).join("")
  )

/** `text` spelled as an echo fault's `spelling` says. */
export const spell = (text: string, spelling: Fault.Spelling): string => {
  switch (spelling) {
    case "as-sent":
      return text
    case "percent":
      return encodeURIComponent(text)
    case "percent-lower":
      return encodeURIComponent(text).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase())
    case "form":
      return new URLSearchParams({ k: text }).toString().slice(2)
    case "uri":
      return encodeURI(text)
    case "html-named":
      return text.replace(/[<>&"']/g, (char) => named[char])
    case "html-decimal":
      return exceptAlphanumerics(text, (char) => `&#${char.codePointAt(0)};`)
    case "html-hex":
      return exceptAlphanumerics(text, (char) => `&#x${char.codePointAt(0)!.toString(16)};`)
    case "json-unicode":
      return unicodeEscapes(text)
  }
}

/** The body of an `EchoAuthorization` fault: the header as the request sent it, spelled as the fault says. */
export const echoText = (
  format: "json" | "html" | "text",
  authorization: string,
  spelling: Fault.Spelling = "as-sent"
): string => {
  const spelled = spell(authorization, spelling)
  switch (format) {
    case "json":
      // json-unicode: the JSON text's own escapes, so the detail, once parsed, holds the header as sent.
      return spelling === "json-unicode"
        ? `{"detail":"Invalid credentials in header 'Authorization: ${spelled}'"}`
        : JSON.stringify({ detail: `Invalid credentials in header 'Authorization: ${spelled}'` })
    case "html":
      return `<!DOCTYPE html><html><head><title>401 ${spelled}</title></head>` +
        `<body><h1>Unauthorized</h1><p>Authorization: ${spelled}</p></body></html>`
    case "text":
      return `Unauthorized. Authorization: ${spelled}\n`
  }
}

/** The `next_cursor` of an `EchoAuthorization` fault `into: "next_cursor"`: the position, then the key. */
export const echoCursor = (cursor: string, authorization: string, spelling: Fault.Spelling = "as-sent"): string =>
  `${cursor}~${spell(authorization.replace(/^\s*\S+\s+/, "").trim(), spelling)}`

/** Chunks of `body` followed by spaces up to `bytes` bytes in all (a JSON text stays valid). */
export function* padded(body: Iterable<string>, bytes: number): Generator<string> {
  let sent = 0
  for (const chunk of body) {
    sent += Buffer.byteLength(chunk)
    yield chunk
  }
  const spaces = " ".repeat(chunkBytes)
  while (sent < bytes) {
    const n = Math.min(chunkBytes, bytes - sent)
    yield n === chunkBytes ? spaces : spaces.slice(0, n)
    sent += n
  }
}

/** The byte length of what {@link padded} yields. */
export const paddedLength = (body: Iterable<string>, bytes: number): number => {
  let length = 0
  for (const chunk of body) length += Buffer.byteLength(chunk)
  return Math.max(length, bytes)
}

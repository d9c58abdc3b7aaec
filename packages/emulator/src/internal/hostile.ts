// The bodies of the hostile faults (HostileBody, EchoAuthorization, LargeBody): built from small
// repeated units, never from the request's data beyond what the fault says it echoes.
import type * as Fault from "../Fault.js"

const chunkBytes = 64 * 1024

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

/** The body of an `EchoAuthorization` fault: the header as the request sent it. */
export const echoText = (format: "json" | "html" | "text", authorization: string): string => {
  switch (format) {
    case "json":
      return JSON.stringify({ detail: `Invalid credentials in header 'Authorization: ${authorization}'` })
    case "html":
      return `<!DOCTYPE html><html><head><title>401 ${authorization}</title></head>` +
        `<body><h1>Unauthorized</h1><p>Authorization: ${authorization}</p></body></html>`
    case "text":
      return `Unauthorized. Authorization: ${authorization}\n`
  }
}

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

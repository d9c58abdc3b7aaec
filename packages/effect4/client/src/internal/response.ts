/**
 * Reading a response body within `maxResponseBytes`: refused from `Content-Length` before reading
 * when the header says too much, and counted while reading when it is absent or the body is
 * encoded (a decompressed body can be far larger than its `Content-Length`). Nothing past the limit
 * is buffered: the stream is cancelled as soon as the count passes it.
 */
import * as Options from "@sutro-effect/protocol/Options"
import * as Effect from "effect/Effect"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Stream from "effect/Stream"
import type * as compat from "./compat.js"

/** The default `maxResponseBytes` (protocol's). */
export const defaultMaxResponseBytes: number = Options.defaultMaxResponseBytes

/** A body over the limit: how much it was known or seen to be. */
export class TooLarge {
  readonly _tag = "TooLarge"
  constructor(readonly detail: string) {}
}

const plainLength = (headers: HttpClientResponse.HttpClientResponse["headers"]): number | undefined => {
  const encoding = headers["content-encoding"]
  if (encoding !== undefined && encoding.trim().toLowerCase() !== "identity") return undefined
  const length = headers["content-length"]
  return length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined
}

const counted = (
  response: HttpClientResponse.HttpClientResponse,
  maxBytes: number
): Effect.Effect<string, TooLarge | compat.ResponseError> =>
  Effect.suspend(() => {
    const decoder = new TextDecoder()
    let seen = 0
    let text = ""
    return Stream.runForEach(response.stream, (chunk) => {
      seen += chunk.byteLength
      if (seen > maxBytes) return Effect.fail(new TooLarge(`more than ${maxBytes} bytes received, reading stopped`))
      text += decoder.decode(chunk, { stream: true })
      return Effect.void
    }).pipe(Effect.map(() => text + decoder.decode()))
  })

/** The body as text, or `TooLarge` when it has more than `maxBytes` bytes. */
export const readText = (
  response: HttpClientResponse.HttpClientResponse,
  maxBytes: number
): Effect.Effect<string, TooLarge | compat.ResponseError> => {
  const length = plainLength(response.headers)
  if (length === undefined) return counted(response, maxBytes)
  if (length > maxBytes) {
    // Opening the body stream and failing on its first chunk cancels it: the platform aborts the
    // request when the stream ends, so the connection does not stay busy with a body nobody reads.
    const refused = new TooLarge(`Content-Length is ${length} bytes`)
    return Effect.andThen(Stream.runForEach(response.stream, () => Effect.fail(refused)), Effect.fail(refused))
  }
  // The platform enforces a declared length: a body cannot run past it.
  return response.text
}

/**
 * A small compressed body decoded whole, at its end, with node:zlib's one-shot functions: for a
 * request that names its body limit (protocol's `Encoding.bodyLimitHeader`), whose reader takes
 * the body whole anyway. A decoder stream makes a native decoder per body and sends its input and
 * output to the thread pool and back; for a page of 100 jobs (some 8 KB compressed, 62 KB decoded)
 * that cost as much again as the decoding itself in one measurement here (brotli: 575 against
 * 282 µs; docs/benchmarks.md has the walk's figures). The decode interceptor (./decode.ts) falls
 * back to the streams for anything larger than {@link maxInput} compressed or {@link maxOutput}
 * decoded.
 *
 * Nothing past the limit is decoded: each one-shot call stops at `maxOutputLength` (one byte past
 * the limit, or {@link maxOutput}).
 *
 * @internal
 */
import type * as Encoding from "@sutro-effect/protocol/Encoding"
import * as Zlib from "node:zlib"

/** The most compressed bytes held for a decode at the end (beyond: the streams). */
export const maxInput = 256 * 1024

/**
 * The most bytes decoded at once, in one turn of the event loop (about 10 ms of CPU here for
 * 4 MiB): a body that decodes to more, under a larger limit, is decoded by the streams instead.
 */
export const maxOutput = 4 * 1024 * 1024

type OneShot = (input: Buffer, options: { readonly maxOutputLength: number }) => Buffer

const oneShot: Record<Encoding.Coding, OneShot> = {
  gzip: Zlib.gunzipSync,
  br: Zlib.brotliDecompressSync,
  deflate: Zlib.inflateSync,
  zstd: (input, options) => (Zlib as unknown as { zstdDecompressSync: OneShot }).zstdDecompressSync(input, options)
}

/**
 * - `Decoded`: the body, at most `limit` bytes;
 * - `TooLarge`: it decodes to more than `limit` bytes (found without decoding more than
 *   `limit + 1`);
 * - `Stream`: too large to decode at once under a limit above {@link maxOutput}: decode it with
 *   the streams;
 * - `Failed`: a coding's data does not decode (the decoder's error).
 */
export type Outcome =
  | { readonly _tag: "Decoded"; readonly body: Buffer }
  | { readonly _tag: "TooLarge" }
  | { readonly _tag: "Stream" }
  | { readonly _tag: "Failed"; readonly coding: Encoding.Coding; readonly error: Error }

const isOutputTooLarge = (error: unknown): boolean =>
  error instanceof RangeError && (error as { readonly code?: unknown }).code === "ERR_BUFFER_TOO_LARGE"

/** Undoes `codings` (in the order given: the last one applied first) on `input`, within `limit`. */
export const decodeWhole = (input: Buffer, codings: ReadonlyArray<Encoding.Coding>, limit: number): Outcome => {
  // Under a limit of at most maxOutput, one byte past it is enough to know the body is too large;
  // under a larger one, past maxOutput the streams take over.
  const bounded = limit <= maxOutput
  const maxOutputLength = bounded ? limit + 1 : maxOutput
  let body = input
  for (let i = 0; i < codings.length; i++) {
    const coding = codings[i]
    try {
      body = oneShot[coding](body, { maxOutputLength })
    } catch (error) {
      // Only the last coding's output is the body: an inner one that runs past the bound goes to
      // the streams, which decode only as much as the reader takes.
      if (isOutputTooLarge(error)) return bounded && i === codings.length - 1 ? tooLarge : stream
      return { _tag: "Failed", coding, error: error instanceof Error ? error : new Error(String(error)) }
    }
  }
  if (body.length > limit) return tooLarge
  return { _tag: "Decoded", body }
}

const tooLarge: Outcome = { _tag: "TooLarge" }
const stream: Outcome = { _tag: "Stream" }

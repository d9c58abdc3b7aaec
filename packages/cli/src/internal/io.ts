import * as Effect from "effect/Effect"

/** @internal */
export interface Writable {
  readonly write: (text: string) => boolean
  readonly once: (event: "drain", listener: () => void) => unknown
}

/**
 * Writes text and waits for `drain` when the stream's buffer is full, so a slow reader (a pipe
 * into `less`) slows the listing down instead of growing memory.
 *
 * @internal
 */
export const write = (stream: Writable, text: string): Effect.Effect<void> =>
  text === ""
    ? Effect.void
    : Effect.async<void>((resume) => {
      if (stream.write(text)) resume(Effect.void)
      else stream.once("drain", () => resume(Effect.void))
    })

/** @internal */
export const stdout = (text: string): Effect.Effect<void> => write(process.stdout, text)

/** @internal */
export const stderr = (text: string): Effect.Effect<void> => write(process.stderr, text)

/** @internal */
export const terminalWidth = (): number => {
  if (process.stdout.isTTY === true && process.stdout.columns > 0) return process.stdout.columns
  const fromEnv = Number(process.env.COLUMNS)
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 100
}

/** @internal */
export const style = (code: string) => (text: string): string =>
  process.stdout.isTTY === true && process.env.NO_COLOR === undefined ? `\x1b[${code}m${text}\x1b[0m` : text

/** @internal */
export const bold = style("1")

/** @internal */
export const dim = style("2")

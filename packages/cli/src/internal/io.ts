import * as Ansi from "@effect/printer-ansi/Ansi"
import * as AnsiDoc from "@effect/printer-ansi/AnsiDoc"
import * as Doc from "@effect/printer/Doc"
import * as Effect from "effect/Effect"
import * as tty from "./tty.js"

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

/** stdout's width: the terminal's, else `COLUMNS`, else 80. @internal */
export const terminalWidth = (): number => {
  if (process.stdout.isTTY === true && process.stdout.columns > 0) return process.stdout.columns
  const fromEnv = Number(process.env.COLUMNS)
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 80
}

/** The terminal's height, for views that redraw in place (24 when unknown). @internal */
export const terminalHeight = (): number =>
  process.stdout.isTTY === true && process.stdout.rows > 0 ? process.stdout.rows : 24

/** @internal */
export const colors = (stream: { readonly isTTY?: boolean | undefined } = process.stdout): boolean => tty.colors(stream)

const render = AnsiDoc.render({ style: "pretty" })

/** @internal */
export const style = (ansi: Ansi.Ansi) => (text: string): string =>
  colors() ? render(Doc.annotate(Doc.text(text), ansi)) : text

/** @internal */
export const bold = style(Ansi.bold)

/** @internal */
export const dim = style(Ansi.blackBright)

/**
 * Moves to the start of the line and clears it, for redrawing a status line in place.
 *
 * @internal
 */
export const clearLine = "\r" + Ansi.stringify(Ansi.eraseLine)

/** @internal */
export const stripAnsi = tty.stripAnsi

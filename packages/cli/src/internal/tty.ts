// Kept free of imports: the start of the executable uses it before anything else is loaded.

/**
 * Whether a stream gets colours and styles: `NO_COLOR` (https://no-color.org, any value but the
 * empty string) turns them off, `FORCE_COLOR` (any value but "" or "0") on; otherwise only a
 * terminal gets them.
 *
 * @internal
 */
export const colors = (stream: { readonly isTTY?: boolean | undefined }): boolean => {
  if ((process.env.NO_COLOR ?? "") !== "") return false
  const force = process.env.FORCE_COLOR ?? ""
  if (force !== "" && force !== "0") return true
  return stream.isTTY === true
}

// CSI sequences (colours, cursor moves, erasing) and OSC sequences (titles, links).
const escapes = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g

/**
 * Text without terminal escape sequences.
 *
 * @internal
 */
export const stripAnsi = (text: string): string => text.replace(escapes, "")

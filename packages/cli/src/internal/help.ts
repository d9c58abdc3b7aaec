// The start of the executable: `--help` (of the tool or of one command) and `--version` answered
// from text rendered at build time by @effect/cli itself (scripts/bundle.mjs), without loading
// Effect. Anything else goes to the real command line parser. Kept free of imports but tty.js.
import * as tty from "./tty.js"

/**
 * The help texts, keyed by command (`""` for the tool itself, `"--version"` for the version), with
 * their colours; the bundle defines it, and without it (tests running the sources) every request
 * goes to the parser.
 *
 * @internal
 */
declare const SUTRO_JOBS_PRERENDERED: Record<string, string> | undefined

const prerendered = (): Record<string, string> | undefined =>
  typeof SUTRO_JOBS_PRERENDERED === "undefined" ? undefined : SUTRO_JOBS_PRERENDERED

/**
 * The key of the prerendered text that answers `args` exactly, if any.
 *
 * @internal
 */
export const key = (args: ReadonlyArray<string>): string | undefined => {
  if (args.length === 1) {
    if (args[0] === "--help" || args[0] === "-h") return ""
    if (args[0] === "--version") return "--version"
  }
  if (args.length === 2 && (args[1] === "--help" || args[1] === "-h") && /^[a-z][a-z-]*$/.test(args[0])) {
    return args[0]
  }
  return undefined
}

/**
 * The text to print for `args` (without the node executable and script), or `undefined` when
 * the parser must answer.
 *
 * @internal
 */
export const answer = (args: ReadonlyArray<string>): string | undefined => {
  const texts = prerendered()
  const k = key(args)
  if (texts === undefined || k === undefined || !Object.hasOwn(texts, k)) return undefined
  return tty.colors(process.stdout) ? texts[k] : tty.stripAnsi(texts[k])
}

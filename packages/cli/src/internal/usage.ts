// What `sutro-jobs` does to @effect/cli's help and usage errors before they are printed: the usage line
// names the tool (`$ sutro-jobs list ...`, not `$ list ...`), and a usage error starts with `sutro-jobs:`,
// says "an integer", and suggests the command or flag meant when one is close to what was typed.

/** Edit distance (insertions, deletions, substitutions, and swaps of two neighbours). @internal */
export const distance = (a: string, b: string): number => {
  const d: Array<Array<number>> = Array.from({ length: a.length + 1 }, (_, i) => [i])
  for (let j = 1; j <= b.length; j++) d[0][j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1)
      }
    }
  }
  return d[a.length][b.length]
}

/** The closest of `known` to `typed`, if it is close enough to be what was meant. @internal */
export const suggest = (typed: string, known: ReadonlyArray<string>): string | undefined => {
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of known) {
    const d = distance(typed, candidate)
    if (d < bestDistance) [best, bestDistance] = [candidate, d]
  }
  const limit = typed.replace(/^-+/, "").length <= 4 ? 1 : 2
  return bestDistance <= limit || (best !== undefined && best.startsWith(typed) && typed.length >= 3)
    ? best
    : undefined
}

const ansi = /\x1b\[[0-9;]*m/g

/** Help text with its usage lines naming the tool: `$ sutro-jobs list ...`. @internal */
export const help = (text: string, commands: ReadonlyArray<string>): string =>
  text.replace(
    /^((?:\x1b\[[0-9;]*m)*)\$ ((?:\x1b\[[0-9;]*m)*)([a-z][a-z-]*)\b/gm,
    (whole, before: string, inner: string, name: string) =>
      commands.includes(name) ? `${before}$ ${inner}sutro-jobs ${name}` : whole
  )

/** The parts of the command line a usage error is about. @internal */
export interface Context {
  /** The arguments after the node executable and the script. */
  readonly args: ReadonlyArray<string>
  readonly commands: ReadonlyArray<string>
  /** The flags of a command (the tool's own for `""`). */
  readonly flags: (command: string) => ReadonlyArray<string>
}

// Flags of the tool that take a value, so their value is not taken for a command.
const valued = new Set(["--api-url", "--api-key"])

/** A usage error as `sutro-jobs` prints it. @internal */
export const error = (text: string, context: Context): string => {
  const plain = text.replace(ansi, "").trim()
  if (plain === "") return text
  let message = plain.replace(/ is not a ([aeiou])/g, " is not an $1")
  const command = context.args.find((arg) => context.commands.includes(arg))
  const invalid = /^Invalid subcommand for sutro-jobs - use one of (.*)$/.exec(message)
  if (invalid !== null) {
    let typed: string | undefined
    for (let i = 0; i < context.args.length; i++) {
      const arg = context.args[i]
      if (arg.startsWith("-")) {
        if (valued.has(arg)) i++
        continue
      }
      typed = arg
      break
    }
    if (typed !== undefined) {
      const meant = suggest(typed, context.commands)
      message = `unknown command '${typed}'` +
        (meant === undefined ? `; use one of ${invalid[1]}` : `. Did you mean '${meant}'?`)
    }
  }
  const unknown = /^Received unknown argument: '(-[^']*)'$/.exec(message)
  if (unknown !== null) {
    const typed = unknown[1].replace(/=.*$/, "")
    const meant = suggest(typed, context.flags(command ?? ""))
    message = `unknown flag '${typed}'${meant === undefined ? "" : `. Did you mean '${meant}'?`}`
  }
  // A value refused by its type ("'3x' is not an integer", "Expected one of ..."): name its flag.
  const refused = /^'([^']*)' is not an? /.exec(message)
  const choices = /^Expected one of the following cases: (.*)$/.exec(message)
  if (refused !== null || choices !== null) {
    const cases = choices === null ? [] : choices[1].split(/,\s*/)
    const isRefused = (value: string) => refused !== null ? value === refused[1] : !cases.includes(value)
    for (let i = 0; i < context.args.length; i++) {
      const arg = context.args[i]
      if (!arg.startsWith("-")) continue
      const eq = arg.indexOf("=")
      const [flag, value] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, context.args[i + 1]]
      if (value === undefined || !isRefused(value) || (choices !== null && !/^--(format|columns|status)$/.test(flag))) {
        continue
      }
      message = refused !== null
        ? `${flag}: ${message}`
        : `${flag}: expected one of ${cases.join(", ")}; got '${value}'`
      break
    }
  }
  const help = command === undefined ? "sutro-jobs --help" : `sutro-jobs ${command} --help`
  return `sutro-jobs: ${message.split("\n").join("\n  ")}\n  see: ${help}`
}

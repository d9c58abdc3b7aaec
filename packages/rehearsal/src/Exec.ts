/**
 * Runs a command in a child process without blocking the event loop (the registry answers from this
 * process), and fails with the command, its exit status and the tail of its output.
 *
 * @since 0.1.0
 */
import { spawn } from "node:child_process"

/**
 * @since 0.1.0
 * @category models
 */
export interface Result {
  readonly stdout: string
  readonly stderr: string
  readonly millis: number
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly cwd: string
  readonly env: NodeJS.ProcessEnv
  readonly timeoutMillis?: number
  /** Said in the error when the command fails, e.g. what the step needs from the network. */
  readonly hint?: string
}

const tail = (text: string, lines = 40) => text.trimEnd().split("\n").slice(-lines).join("\n")

/**
 * Runs `command args...` (no shell) and resolves when it exits 0.
 *
 * @since 0.1.0
 * @category constructors
 */
export const run = (command: string, args: ReadonlyArray<string>, options: Options): Promise<Result> =>
  new Promise((resolve, reject) => {
    const started = Date.now()
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk))
    const timeoutMillis = options.timeoutMillis ?? 120_000
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMillis)
    const describe = `${command} ${args.join(" ")} (in ${options.cwd})`
    child.once("error", (error) => {
      clearTimeout(timer)
      reject(new Error(`${describe} could not start: ${error.message}`))
    })
    child.once("close", (code, signal) => {
      clearTimeout(timer)
      const millis = Date.now() - started
      if (code === 0) return resolve({ stdout, stderr, millis })
      const why = signal === "SIGKILL" ? `was stopped after ${timeoutMillis} ms` : `exited with ${code ?? signal}`
      reject(
        new Error(
          [
            `${describe} ${why}`,
            ...(options.hint === undefined ? [] : [options.hint]),
            `--- stdout\n${tail(stdout)}`,
            `--- stderr\n${tail(stderr)}`
          ].join("\n")
        )
      )
    })
  })

/**
 * Splits a one-line shell command from a README (`npm install a b@1`, `pnpm approve-builds '!a'`) into
 * words. Only plain or single-quoted words are allowed: a README install command has no variables or
 * operators, and one that does is refused rather than guessed at.
 *
 * @since 0.1.0
 * @category parsing
 */
export const words = (line: string): ReadonlyArray<string> => {
  const pattern = /'([^']*)'|([^\s'"`$&|;<>()\\]+)|(\S)/g
  const result: Array<string> = []
  for (const match of line.trim().matchAll(pattern)) {
    if (match[3] !== undefined) throw new Error(`not a plain command: ${line}`)
    result.push(match[1] ?? match[2]!)
  }
  return result
}

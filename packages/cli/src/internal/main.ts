import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as SutroJobsCli from "../SutroJobsCli.js"

/**
 * Runs `sutro-jobs` on `process.argv` and exits with its code.
 *
 * @internal
 */
export const run = (): void => {
  // A reader that goes away (`sutro-jobs list | head`) ends the command quietly; any other write
  // error (a full disk) is one line on stderr and exit code 74, not a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    const { code, message } = SutroJobsCli.stdoutError(error)
    if (message !== "") process.stderr.write(message)
    process.exit(code)
  })
  SutroJobsCli.main(process.argv).pipe(
    Effect.provide(NodeContext.layer),
    NodeRuntime.runMain({ disableErrorReporting: true, disablePrettyLogger: true, teardown: SutroJobsCli.teardown })
  )
}

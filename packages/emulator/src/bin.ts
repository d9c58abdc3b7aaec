#!/usr/bin/env node
/**
 * The `sutro-emulator` executable.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as EmulatorCli from "./EmulatorCli.js"
import * as PackageVersion from "./internal/version.js"

const run = Command.run(EmulatorCli.make("sutro-emulator"), { name: "sutro-emulator", version: PackageVersion.version })

// @effect/cli styles help and usage errors: keep the styles for a terminal only, and never with
// NO_COLOR (https://no-color.org).
const styled = (stream: NodeJS.WriteStream) => stream.isTTY === true && (process.env.NO_COLOR ?? "") === ""
const escapes = /\x1b\[[0-?]*[ -/]*[@-~]/g
const plain = (stream: NodeJS.WriteStream) => (args: ReadonlyArray<unknown>) =>
  styled(stream) ? args : args.map((arg) => typeof arg === "string" ? arg.replace(escapes, "") : arg)
const out = plain(process.stdout)
const err = plain(process.stderr)

run(process.argv).pipe(
  (program) =>
    Console.consoleWith((base) =>
      Console.withConsole(program, {
        ...base,
        log: (...args) => base.log(...out(args)),
        error: (...args) => base.error(...err(args))
      })
    ),
  Effect.provide(NodeContext.layer),
  NodeRuntime.runMain
)

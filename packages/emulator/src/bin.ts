#!/usr/bin/env node
/**
 * The `sutro-emulator` executable.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as EmulatorCli from "./EmulatorCli.js"
import * as PackageVersion from "./internal/version.js"

const run = Command.run(EmulatorCli.make("sutro-emulator"), { name: "sutro-emulator", version: PackageVersion.version })

run(process.argv).pipe(Effect.provide(NodeContext.layer), NodeRuntime.runMain)

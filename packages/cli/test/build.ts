// Builds and bundles the CLI and what it depends on, as `pnpm build` does, so a test file that runs the
// bundle also works on its own. Asynchronous on purpose: vitest's worker answers its runner's calls on
// this event loop, and a build that blocked it for a minute on a loaded machine made those calls time
// out ("Timeout calling onTaskUpdate"). Output is kept, and shown only when a step fails.
import { execFile } from "node:child_process"
import * as path from "node:path"
import { promisify } from "node:util"

const exec = promisify(execFile)

const step = async (root: string, args: ReadonlyArray<string>) => {
  try {
    await exec(process.execPath, args, { cwd: root, maxBuffer: 16 * 2 ** 20 })
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string }
    throw new Error(`node ${args.join(" ")} failed:\n${stdout}${stderr}`)
  }
}

/** tsc -b of the CLI, its bundle (dist/bin.js), and the guarded Node entries of the Effect 3 line it loads. */
export const buildCli = async (root: string): Promise<void> => {
  await step(root, [
    path.join(root, "node_modules", "typescript", "bin", "tsc"),
    "-b",
    "packages/cli/tsconfig.build.json"
  ])
  // dist/bin.js is the bundle: without this, a bundle from an earlier build (tsc leaves it alone when bin.ts is
  // unchanged) would be what runs.
  await step(root, ["packages/cli/scripts/bundle.mjs"])
  // Node loads the line packages through their guarded entries (dist/node/), which the build step writes.
  await step(root, [
    "scripts/guard-entries.mjs",
    "packages/effect3/core",
    "packages/effect3/client",
    "packages/effect3/node"
  ])
}

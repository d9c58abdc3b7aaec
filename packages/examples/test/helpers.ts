import type { Job } from "@sutro-effect/core"
import { Generator } from "@sutro-effect/emulator"
import * as Effect from "effect/Effect"
import * as ChildProcess from "node:child_process"
import * as path from "node:path"

export const root = path.resolve(__dirname, "../../..")
export const examples = path.resolve(__dirname, "..")

export interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/**
 * Runs an example program as its reader would (`tsx file.ts`, a process of its own) with `env` on top of
 * this process's environment minus any SUTRO_* variable. With the "sutro-source" condition, Node resolves
 * `@sutro-effect/*` to the workspace sources through their exports maps, so no build is needed.
 */
export const runProgram = (file: string, env: Record<string, string>): Effect.Effect<Run> =>
  Effect.async<Run>((resume) => {
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("SUTRO_")))
    const child = ChildProcess.execFile(
      path.join(root, "node_modules/.bin/tsx"),
      ["--conditions=sutro-source", path.join(examples, file)],
      { cwd: examples, env: { ...inherited, ...env }, timeout: 110_000 },
      (error, stdout, stderr) =>
        resume(Effect.succeed({ code: error === null ? 0 : (error.code as number | null) ?? null, stdout, stderr }))
    )
    return Effect.sync(() => child.kill())
  })

/** Wire jobs from the emulator's generator with the given id, status and creation time (newest first as given). */
export const jobsWith = (
  specs: ReadonlyArray<
    { readonly id: string; readonly status: string; readonly created: Date; readonly reason?: string }
  >
): ReadonlyArray<Job.JobEncoded> => {
  const base = Generator.generateJobs(specs.length, 3)
  return specs.map((spec, i) => ({
    ...base[i],
    job_id: spec.id,
    status: spec.status,
    datetime_created: spec.created.toISOString(),
    failure_reason: spec.reason === undefined ? null : { message: spec.reason }
  }))
}

export const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000)

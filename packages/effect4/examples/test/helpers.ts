import type { Job } from "@sutro-effect/core"
import * as Generator from "@sutro-effect/emulator/Generator"
import * as EmulatorServer from "@sutro-effect/emulator/Server"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as ChildProcess from "node:child_process"
import * as Http from "node:http"
import type * as Net from "node:net"
import * as path from "node:path"

export const root = path.resolve(__dirname, "../../../..")

/** Where each line's example files live: `effect3` is packages/examples, `effect4` this package. */
export const lines = {
  effect3: path.join(root, "packages/examples"),
  effect4: path.resolve(__dirname, "..")
} as const

export type Line = keyof typeof lines

export interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/**
 * Runs an example program as its reader would (`tsx file.ts`, a process of its own, on the Node.js running
 * the tests) from its line's package, with `env` on top of this process's environment minus any SUTRO_*
 * variable. With the "sutro-source" condition, Node resolves `@sutro-effect/*` to the workspace sources
 * through their exports maps, and each file finds its line's `effect` through its package's node_modules.
 */
export const runProgram = (file: string, env: Record<string, string>, line: Line = "effect4"): Effect.Effect<Run> =>
  Effect.callback<Run>((resume) => {
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("SUTRO_")))
    const child = ChildProcess.execFile(
      process.execPath,
      [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--conditions=sutro-source", path.join(lines[line], file)],
      { cwd: lines[line], env: { ...inherited, ...env }, timeout: 110_000 },
      (error, stdout, stderr) =>
        resume(Effect.succeed({ code: error === null ? 0 : (error.code as number | null) ?? null, stdout, stderr }))
    )
    return Effect.sync(() => child.kill())
  })

/** An emulator (the Effect 3 line's, behind its Promise API) for the enclosing scope. */
export const emulator = (
  options: Parameters<typeof EmulatorServer.start>[0]
): Effect.Effect<EmulatorServer.Handle, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(() => EmulatorServer.start(options)),
    (handle) => Effect.promise(() => handle.close())
  )

export const envFor = (handle: EmulatorServer.Handle) => ({
  SUTRO_API_KEY: handle.apiKey,
  SUTRO_API_URL: handle.url
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

/**
 * A list-jobs server on loopback that answers every request with the same page and records the headers
 * of each request: the emulator's request log keeps no headers.
 */
export const headerRecorder = (
  body: unknown
): Effect.Effect<
  { readonly url: string; readonly headers: Array<Http.IncomingHttpHeaders> },
  never,
  Scope.Scope
> =>
  Effect.acquireRelease(
    Effect.callback<{ readonly server: Http.Server; readonly headers: Array<Http.IncomingHttpHeaders> }>(
      (resume) => {
        const headers: Array<Http.IncomingHttpHeaders> = []
        const server = Http.createServer((request, response) => {
          headers.push(request.headers)
          response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body))
        })
        server.listen(0, "127.0.0.1", () => resume(Effect.succeed({ server, headers })))
      }
    ),
    ({ server }) =>
      Effect.callback<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  ).pipe(
    Effect.map(({ headers, server }) => ({
      url: `http://127.0.0.1:${(server.address() as Net.AddressInfo).port}`,
      headers
    }))
  )

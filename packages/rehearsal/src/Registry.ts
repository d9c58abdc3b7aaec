/**
 * A real npm registry on loopback: Verdaccio, storage in a temporary directory, the public registry
 * (whatever `npm config get registry` names on this machine, read at run time) as its uplink for
 * everything but `@sutro-effect/*`, which is served only from what was published to it.
 *
 * @since 0.1.0
 */
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

/**
 * @since 0.1.0
 * @category models
 */
export interface Registry {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string
  /** A token for the registry's one user: enough to publish. */
  readonly token: string
  /** The `.npmrc` lines that point npm and pnpm at this registry, with the token. */
  readonly npmrc: string
  readonly close: () => Promise<void>
}

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "bin", "registry.mjs")

/**
 * Starts Verdaccio on `127.0.0.1`, port 0, in a child process (parsing the uplink's large package
 * documents would otherwise stall the test process), and registers a user to publish with.
 *
 * @since 0.1.0
 * @category constructors
 */
export const start = async (options: { readonly directory: string; readonly uplink: string }): Promise<Registry> => {
  const storage = path.join(options.directory, "storage")
  fs.mkdirSync(storage, { recursive: true })
  const configFile = path.join(options.directory, "config.json")
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      self_path: configFile,
      storage,
      auth: { htpasswd: { file: path.join(options.directory, "htpasswd"), max_users: 1 } },
      // metadata fetched once per rehearsal: later installs of the same packages need no round trip
      uplinks: { upstream: { url: options.uplink, timeout: "60s", maxage: "30m", max_fails: 3, fail_timeout: "1m" } },
      packages: {
        "@sutro-effect/*": { access: "$all", publish: "$authenticated" },
        "**": { access: "$all", publish: "$authenticated", proxy: "upstream" }
      },
      web: { enable: false },
      log: { type: "stdout", format: "pretty", level: "error" }
    })
  )
  const child = spawn(process.execPath, [script, configFile], { stdio: ["pipe", "pipe", "pipe"] })
  let output = ""
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Verdaccio did not start within 30 s:\n${output}`)), 30_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8")
      const match = /^listening (\d+)$/m.exec(output)
      if (match !== null) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    }
    child.stdout.on("data", onData)
    child.stderr.on("data", onData)
    child.once("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`Verdaccio exited with ${code}:\n${output}`))
    })
  })
  const url = `http://127.0.0.1:${port}/`
  const close = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve()
      child.once("exit", () => resolve())
      child.stdin.end()
      setTimeout(() => child.kill("SIGKILL"), 5_000).unref()
    })
  try {
    const response = await fetch(`${url}-/user/org.couchdb.user:rehearsal`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "rehearsal", password: "rehearsal-password" })
    })
    const body = (await response.json()) as { token?: string }
    if (!response.ok || typeof body.token !== "string") {
      throw new Error(`Verdaccio refused to add a user: ${response.status} ${JSON.stringify(body)}`)
    }
    const host = url.replace(/^http:/, "")
    return { url, token: body.token, npmrc: `registry=${url}\n${host}:_authToken=${body.token}\n`, close }
  } catch (error) {
    await close()
    throw error
  }
}

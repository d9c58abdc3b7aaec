/**
 * A real npm registry on loopback: Verdaccio, storage in a temporary directory, the public registry
 * (whatever `npm config get registry` names on this machine, read at run time) as its uplink for
 * everything but `@sutro-effect/*`, which is served only from what was published to it.
 *
 * @since 0.1.0
 */
import * as fs from "node:fs"
import type * as http from "node:http"
import * as path from "node:path"
import { runServer } from "verdaccio"

/**
 * @since 0.1.0
 * @category models
 */
export interface Registry {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string
  /** A token for the registry's one user: enough to publish. */
  readonly token: string
  /** The `.npmrc` lines that point npm, pnpm and yarn at this registry. */
  readonly npmrc: string
  readonly close: () => Promise<void>
}

/**
 * Starts Verdaccio on `127.0.0.1`, port 0, in this process, and registers a user to publish with.
 *
 * @since 0.1.0
 * @category constructors
 */
export const start = async (options: { readonly directory: string; readonly uplink: string }): Promise<Registry> => {
  const storage = path.join(options.directory, "storage")
  fs.mkdirSync(storage, { recursive: true })
  const configuration = {
    self_path: path.join(options.directory, "config.yaml"),
    storage,
    auth: { htpasswd: { file: path.join(options.directory, "htpasswd"), max_users: 1 } },
    uplinks: { upstream: { url: options.uplink, timeout: "60s", max_fails: 3, fail_timeout: "1m" } },
    packages: {
      "@sutro-effect/*": { access: "$all", publish: "$authenticated" },
      "**": { access: "$all", publish: "$authenticated", proxy: "upstream" }
    },
    web: { enable: false },
    log: { type: "stdout", format: "pretty", level: "error" }
  }
  const server: http.Server = await runServer(configuration as never)
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => resolve())
  })
  const address = server.address()
  if (address === null || typeof address === "string") throw new Error("Verdaccio did not listen on a TCP port")
  const url = `http://127.0.0.1:${address.port}/`
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
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

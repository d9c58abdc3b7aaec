/**
 * The emulator in a process of its own, so that it does not share a measured client's thread.
 *
 * @since 0.2.0
 */
import { spawn } from "node:child_process"
import * as Fs from "node:fs"
import { createRequire } from "node:module"
import * as Path from "node:path"

// The manifest's path (`createRequire`, which vitest supports, where `import.meta.resolve` is not).
const manifest = createRequire(import.meta.url).resolve("@sutro-effect/emulator/package.json")

// The emulator's package exports no "./bin" (importing it would start a server): find the
// executable from the package's `bin` field.
const emulatorBin: string = Path.resolve(
  Path.dirname(manifest),
  (JSON.parse(Fs.readFileSync(manifest, "utf8")) as { readonly bin: Readonly<Record<string, string>> })
    .bin["sutro-emulator"]
)

/**
 * @since 0.2.0
 * @category models
 */
export interface Emulator {
  readonly url: string
  readonly stop: () => void
}

/**
 * Starts `sutro-emulator` on a free port of `where.host` (loopback unless given) with `jobs` seeded
 * jobs (seed 7) and `apiKey`, answering after `latency` ms; resolves once it prints its URL. It
 * compresses list-jobs bodies for a request that asks (br over gzip) unless `where.compress` is
 * `false` (`--no-compress`: every client then receives the same identity bodies).
 *
 * @since 0.2.0
 * @category constructors
 */
export const startEmulator = (
  jobs: number,
  apiKey: string,
  latency = 0,
  where: {
    readonly host?: string
    readonly prefix?: ReadonlyArray<string>
    readonly compress?: boolean
  } = {}
) =>
  new Promise<Emulator>((resolve, reject) => {
    // `prefix` runs it through another command, `ip netns exec <namespace>` for the link part.
    const [command, ...prefixArgs] = [...(where.prefix ?? []), process.execPath]
    const child = spawn(
      command,
      [
        ...prefixArgs,
        emulatorBin,
        ...["--host", where.host ?? "127.0.0.1", "--port", "0", "--jobs", String(jobs), "--seed", "7"],
        ...["--api-key", apiKey],
        ...(latency > 0 ? ["--latency", String(latency)] : []),
        ...(where.compress === false ? ["--no-compress"] : [])
      ],
      { stdio: ["ignore", "pipe", "inherit"] }
    )
    let out = ""
    child.stdout.on("data", (chunk) => {
      out += chunk
      const match = /http:\/\/\d+\.\d+\.\d+\.\d+:\d+/.exec(out)
      if (match) resolve({ url: match[0], stop: () => child.kill("SIGTERM") })
    })
    child.on("exit", (code) => reject(new Error(`emulator exited with ${code}: ${out}`)))
  })

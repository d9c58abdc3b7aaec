/**
 * The emulator in a process of its own, so that it does not share a measured client's thread.
 *
 * @since 0.2.0
 */
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

const emulatorBin = fileURLToPath(import.meta.resolve("@sutro-effect/emulator/bin"))

/**
 * Starts `sutro-emulator` on a free loopback port with `jobs` seeded jobs; resolves with its URL.
 *
 * @since 0.2.0
 */
export const startEmulator = (options: {
  readonly jobs: number
  readonly apiKey: string
  readonly args?: ReadonlyArray<string>
}) =>
  new Promise<{ url: string; stop: () => void }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        emulatorBin,
        "--port",
        "0",
        "--jobs",
        String(options.jobs),
        "--seed",
        "7",
        "--api-key",
        options.apiKey,
        ...(options.args ?? [])
      ],
      { stdio: ["ignore", "pipe", "inherit"] }
    )
    let out = ""
    child.stdout.on("data", (chunk) => {
      out += chunk
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(out)
      if (match) resolve({ url: match[0], stop: () => child.kill("SIGTERM") })
    })
    child.on("exit", (code) => reject(new Error(`emulator exited with ${code}: ${out}`)))
  })

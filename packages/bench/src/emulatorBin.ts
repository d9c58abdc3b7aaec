/**
 * The path of the emulator's executable. Its package exports no "./bin" (importing it would start a
 * server), so it is found from the package's `bin` field.
 *
 * @since 0.2.0
 */
import * as Fs from "node:fs"
import { fileURLToPath } from "node:url"

const manifest = import.meta.resolve("@sutro-effect/emulator/package.json")

/**
 * @since 0.2.0
 */
export const emulatorBin: string = fileURLToPath(
  new URL(
    (JSON.parse(Fs.readFileSync(new URL(manifest), "utf8")) as { readonly bin: Readonly<Record<string, string>> })
      .bin["sutro-emulator"],
    manifest
  )
)

/**
 * The workspace's publishable packages, read from their package.json files.
 *
 * @since 0.1.0
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

/**
 * The repository's root directory.
 *
 * @since 0.1.0
 * @category constants
 */
export const root: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..")

/**
 * @since 0.1.0
 * @category models
 */
export interface Package {
  readonly dir: string
  readonly manifest: {
    readonly name: string
    readonly version: string
    readonly private?: boolean
    readonly license?: string
    readonly bin?: Record<string, string>
    readonly exports?: Record<string, unknown>
    readonly files?: ReadonlyArray<string>
    readonly publishConfig?: { readonly access?: string }
    readonly peerDependencies?: Record<string, string>
    readonly devDependencies?: Record<string, string>
    readonly dependencies?: Record<string, string>
  }
}

/**
 * Every package under `packages/` (the Effect 3 line's under `packages/effect3/`) that is not private, in
 * directory order.
 *
 * @since 0.1.0
 * @category constructors
 */
export const publishable = (): ReadonlyArray<Package> =>
  [
    ...fs.readdirSync(path.join(root, "packages")).filter((name) => !/^effect\d$/.test(name)),
    // The Effect 3 line (0.x); the Effect 4 line is released under its own configuration.
    ...fs.readdirSync(path.join(root, "packages", "effect3")).map((name) => `effect3/${name}`)
  ].sort().flatMap((name) => {
    const dir = path.join(root, "packages", name)
    const file = path.join(dir, "package.json")
    if (!fs.existsSync(file)) return []
    const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as Package["manifest"]
    return manifest.private === true ? [] : [{ dir, manifest }]
  })

/**
 * The exact version this workspace pins for a dependency (`effect` -> `3.22.4`), from any
 * package.json in it; what the tests run against.
 *
 * @since 0.1.0
 * @category constructors
 */
export const pinned = (name: string): string | undefined => {
  const manifests = [
    JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as Package["manifest"],
    ...publishable().map((pkg) => pkg.manifest)
  ]
  for (const manifest of manifests) {
    const version = manifest.devDependencies?.[name] ?? manifest.dependencies?.[name]
    if (version !== undefined && /^\d+\.\d+\.\d+$/.test(version)) return version
  }
  return undefined
}

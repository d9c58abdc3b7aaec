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
    // The Effect 3 line (0.x), versioned with the shared packages; the Effect 4 line: publishableOnLine(4).
    ...fs.readdirSync(path.join(root, "packages", "effect3")).map((name) => `effect3/${name}`)
  ].sort().flatMap((name) => {
    const dir = path.join(root, "packages", name)
    const file = path.join(dir, "package.json")
    if (!fs.existsSync(file)) return []
    const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as Package["manifest"]
    return manifest.private === true ? [] : [{ dir, manifest }]
  })

/**
 * The packages a line publishes under names both lines share (core, client, node, browser): the Effect 4
 * line's 1.x under npm's `latest`, the Effect 3 line's 0.x under `effect3`. Each line is versioned and
 * published by its own Changesets configuration (`scripts/changeset-line.mjs`).
 *
 * @since 0.2.0
 * @category constructors
 */
export const publishableOnLine = (line: 3 | 4): ReadonlyArray<Package> =>
  fs.readdirSync(path.join(root, "packages", `effect${line}`)).sort().flatMap((name) => {
    const dir = path.join(root, "packages", `effect${line}`, name)
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

const lineManifests = (line: 3 | 4): ReadonlyArray<Package["manifest"]> => {
  const dir = path.join(root, "packages", `effect${line}`)
  return fs.readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name, "package.json")
    return fs.existsSync(file) ? [JSON.parse(fs.readFileSync(file, "utf8")) as Package["manifest"]] : []
  })
}

/**
 * Which line a package name belongs to: both lines publish core, client, node and browser under the
 * same names (1.x for Effect 4, 0.x for Effect 3); every other package is shared.
 *
 * @since 0.2.0
 * @category constructors
 */
export const lineOf = (name: string): "lines" | "shared" =>
  lineManifests(3).some((manifest) => manifest.name === name) ? "lines" : "shared"

/**
 * The manifest of a package as a line has it: the line's own package for the names both lines publish,
 * the shared package otherwise.
 *
 * @since 0.2.0
 * @category constructors
 */
export const manifestOnLine = (name: string, line: 3 | 4): Package["manifest"] | undefined =>
  lineManifests(line).find((manifest) => manifest.name === name) ??
    publishable().find((pkg) => pkg.manifest.name === name)?.manifest

/**
 * The exact version a line's packages pin for a dependency (`effect` -> `4.1.5` on the Effect 4 line).
 *
 * @since 0.2.0
 * @category constructors
 */
export const pinnedOnLine = (name: string, line: 3 | 4): string | undefined => {
  if (line === 3) return pinned(name)
  for (const manifest of lineManifests(4)) {
    const version = manifest.devDependencies?.[name] ?? manifest.dependencies?.[name]
    if (version !== undefined && /^\d+\.\d+\.\d+$/.test(version)) return version
  }
  return undefined
}

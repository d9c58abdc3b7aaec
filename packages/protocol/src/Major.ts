/**
 * The rule that tells, at import time, that a package of one Effect line sits in a project with
 * the other Effect major (or none), or on a Node.js too old for it. Without it the first sign is
 * a type error or a missing export deep inside Effect, far from the fix: one `npm install`.
 *
 * @since 0.1.0
 */

/**
 * A package of one Effect line, as its guard module describes it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Line {
  readonly packageName: string
  readonly packageVersion: string
  readonly effectMajor: 3 | 4
  /** The oldest Node.js the package runs on, e.g. `"22.19.0"`; no check when absent. */
  readonly minNode?: string
}

/**
 * What the guard found: the installed `effect`'s version (undefined when there is none) and the
 * Node.js version (undefined outside Node.js, e.g. in a browser).
 *
 * @since 0.1.0
 * @category models
 */
export interface Found {
  readonly effectVersion: string | undefined
  readonly nodeVersion: string | undefined
}

// The numeric part of a version ("v20.20.2", "4.0.0-beta.5", "22"); undefined when it has none.
const parse = (version: string): ReadonlyArray<number> | undefined => {
  const match = /^\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version)
  return match === null ? undefined : [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)]
}

const older = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): boolean => {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i]
  return false
}

const label = (line: Line): string => `${line.packageName} ${line.packageVersion}`

// The npm dist-tag of each line: the Effect 4 line is `latest`, the Effect 3 line `effect3`.
const tag = (major: 3 | 4): string => major === 4 ? "latest" : "effect3"

const effectProblem = (line: Line, effectVersion: string | undefined): string | undefined => {
  const want = line.effectMajor
  if (effectVersion === undefined) {
    return `${label(line)} is the Effect ${want} line and needs effect ${want}, which this project does not have. ` +
      `Install it: npm install effect@${want}.`
  }
  const parsed = parse(effectVersion)
  // A version this cannot read is not worth refusing to load over: let Effect itself speak.
  if (parsed === undefined || parsed[0] === want) return undefined
  const has = parsed[0]
  const head = `${label(line)} is the Effect ${want} line, but this project has effect ${effectVersion.trim()}.`
  if (has === 3 || has === 4) {
    const other = has === 4 ? "keep this line with effect@3" : "upgrade to effect@4"
    return `${head} Install the Effect ${has} line: npm install ${line.packageName}@${tag(has)} (or ${other}).`
  }
  return `${head} Install effect ${want}: npm install effect@${want}.`
}

const nodeProblem = (line: Line, nodeVersion: string | undefined): string | undefined => {
  if (line.minNode === undefined || nodeVersion === undefined) return undefined
  const min = parse(line.minNode)
  const has = parse(nodeVersion)
  if (min === undefined || has === undefined || !older(has, min)) return undefined
  const alternative = line.effectMajor === 4
    ? ` (or, with effect@3, the Effect 3 line: npm install ${line.packageName}@${tag(3)})`
    : ""
  return `${label(line)} needs Node.js >= ${line.minNode} (this is ${nodeVersion.trim().replace(/^v/, "")}): ` +
    `install Node.js ${line.minNode} or later${alternative}.`
}

/**
 * What keeps `line` from working with what was `found`, as one line of text naming what to
 * install; undefined when nothing does. The Effect major is checked first: installing the right
 * line fixes a too-old Node.js too, when that line supports it.
 *
 * @example
 * ```ts
 * import * as Major from "@sutro-effect/protocol/Major"
 *
 * const line: Major.Line = { packageName: "@sutro-effect/client", packageVersion: "0.2.0", effectMajor: 3 }
 * Major.problem(line, { effectVersion: "3.22.4", nodeVersion: "20.20.2" }) // undefined
 * Major.problem(line, { effectVersion: "4.1.5", nodeVersion: "22.19.0" })
 * // "@sutro-effect/client 0.2.0 is the Effect 3 line, but this project has effect 4.1.5. ..."
 * ```
 *
 * @since 0.1.0
 * @category validation
 */
export const problem = (line: Line, found: Found): string | undefined =>
  effectProblem(line, found.effectVersion) ?? nodeProblem(line, found.nodeVersion)

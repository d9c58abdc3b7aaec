/**
 * The two Effect lines as the bench runs them: the Effect 3 line's clients run in this package's
 * child.ts, the Effect 4 line's in packages/effect4/bench's (a package of its own: this one depends
 * on the Effect 3 line under the same package names).
 *
 * @since 0.2.0
 */

/**
 * @since 0.2.0
 * @category models
 */
export type Line = "effect3" | "effect4"

/**
 * How a report names a line.
 *
 * @since 0.2.0
 * @category formatting
 */
export const lineName = (line: Line): string => line === "effect3" ? "Effect 3 line (0.x)" : "Effect 4 line (1.x)"

/**
 * Why the Effect 4 rows cannot be measured on this Node (`process.versions.node`), or `undefined` when
 * they can: the Effect 4 line (its undici 8, and the engines of its packages) needs Node >= 22.19, and
 * its child runs on the Node that runs the bench.
 *
 * @since 0.2.0
 * @category guards
 */
export const effect4SkipReason = (nodeVersion: string): string | undefined => {
  const [major = 0, minor = 0] = nodeVersion.split(".").map(Number)
  return major > 22 || (major === 22 && minor >= 19) ? undefined : (
    `skipped: the Effect 4 line needs Node >= 22.19 and this bench ran on Node v${nodeVersion}; ` +
    "run it as the README runs commands (`npx -y -p node@22 -p pnpm@12.4.2 -c 'pnpm bench'`)"
  )
}

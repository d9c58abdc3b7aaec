/**
 * @since 0.1.0
 */

/**
 * Running commands as a user would, with readable failures.
 *
 * @since 0.1.0
 */
export * as Exec from "./Exec.js"

/**
 * Install commands and code blocks read from the READMEs.
 *
 * @since 0.1.0
 */
export * as Readme from "./Readme.js"

/**
 * A loopback Verdaccio registry.
 *
 * @since 0.1.0
 */
export * as Registry from "./Registry.js"

/**
 * The workspace's publishable packages.
 *
 * @since 0.1.0
 */
export * as Workspace from "./Workspace.js"

/**
 * @since 1.0.0
 */

/**
 * The Sutro client over fetch: `layer` and `layerConfig`.
 *
 * @since 1.0.0
 */
export * as BrowserSutroClient from "./BrowserSutroClient.js"

/**
 * @since 0.1.0
 */

/**
 * The Sutro client over fetch or XHR: `layer`, `layerConfig` and `layerXHR`.
 *
 * @since 0.1.0
 */
export * as BrowserSutroClient from "./BrowserSutroClient.js"

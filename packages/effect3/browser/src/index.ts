/**
 * @since 0.1.0
 */

/**
 * The Sutro client over fetch: `layer` and `layerConfig`. The XMLHttpRequest layers are a separate
 * entry point, `@sutro-effect/browser/Xhr`, so a fetch-only bundle carries no XHR code.
 *
 * @since 0.1.0
 */
export * as BrowserSutroClient from "./BrowserSutroClient.js"

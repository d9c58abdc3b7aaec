/**
 * @since 1.0.0 (Effect 3: 0.1.0)
 */

/**
 * The Sutro client over fetch: `layer` and `layerConfig`. On the Effect 3 line the XMLHttpRequest layers
 * are a separate entry point, `@sutro-effect/browser/Xhr`, so a fetch-only bundle carries no XHR code.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 */
export * as BrowserSutroClient from "./BrowserSutroClient.js"

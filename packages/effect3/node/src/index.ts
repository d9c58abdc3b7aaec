/**
 * @since 0.1.0
 */

/**
 * The Sutro client over undici: `layer` and `layerConfig`.
 *
 * @since 0.1.0
 */
export * as NodeSutroClient from "./NodeSutroClient.js"

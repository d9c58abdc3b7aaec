/**
 * @since 1.0.0 (Effect 3: 0.1.0)
 */

/**
 * The Sutro client over undici: `layer` and `layerConfig`.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 */
export * as NodeSutroClient from "./NodeSutroClient.js"

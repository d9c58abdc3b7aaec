/**
 * The version of @sutro-effect/client, generated from its package.json by scripts/gen-version.mjs: do not edit.
 *
 * @since 0.1.0
 * @internal
 */
export const version = "1.0.0"

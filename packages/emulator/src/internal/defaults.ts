/**
 * Defaults shared by the server and its command, in a module light enough for `--help` to load.
 *
 * @internal
 */
export const defaultApiKey = "sk_emulator"

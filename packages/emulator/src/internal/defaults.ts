/**
 * Defaults shared by the server and its command, in a module light enough for `--help` to load.
 *
 * @internal
 */
export const defaultApiKey = "sk_emulator"

/** Live mode's time between ticks when none is given, in milliseconds (`--tick`, `live.interval`). */
export const defaultTickMillis = 1000

/** Live mode's mean number of new jobs per tick when none is given (`--arrivals`, `live.arrivals`). */
export const defaultArrivals = 0.5

import type { SutroClient } from "@sutro-effect/client"
import * as Config from "effect/Config"

// The browser owns the User-Agent: fetch drops the client's silently, and XMLHttpRequest refuses it
// with a console error on every request. So the browser layers tell the client to send none,
// whatever the options say.

/** @internal */
export const withoutUserAgent = (options: SutroClient.Options): SutroClient.Options => ({ ...options, userAgent: null })

/** @internal */
export const configWithoutUserAgent = (options: SutroClient.ConfigOptions = {}): SutroClient.ConfigOptions => ({
  ...options,
  userAgent: Config.succeed(null)
})

/**
 * What the CLI must never repeat in a message: the user info of a URL (`https://user:pw@host`),
 * the values of its query string (`?token=...`), and the value of a flag given as `--flag=value`
 * (an unknown flag may be a misspelt `--api-key`).
 */

const placeholder = "<redacted>"

// scheme://user:password@ -> scheme://<redacted>@
const userInfo = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@'"]*@/gi
// ?name=value&other=value -> ?name=<redacted>&other=<redacted>, inside URLs only
const query = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s?#'"()<>]*)(\?[^\s#'"()<>]*)/gi
// --flag=value or -f=value, as a token of its own
const flagValue = /(^|[\s'"`(])(--?[A-Za-z][\w.-]*)=[^\s'"`)]+/g

const redactQuery = (search: string): string =>
  search.replace(/([?&][^=&]*)=[^&]*/g, (_, name: string) => `${name}=${placeholder}`)

/**
 * A URL for a message: user info and query values replaced.
 *
 * @internal
 */
export const url = (input: string): string => text(input)

/**
 * Text for a message, with every URL's user info and query values and every `--flag=value`'s
 * value replaced.
 *
 * @internal
 */
export const text = (input: string): string =>
  input
    .replace(query, (_, base: string, search: string) => base + redactQuery(search))
    .replace(userInfo, (_, scheme: string) => `${scheme}${placeholder}@`)
    .replace(flagValue, (_, before: string, flag: string) => `${before}${flag}=${placeholder}`)

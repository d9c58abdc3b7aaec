/**
 * Removing the API key from server text. A server (or proxy) that echoes the `Authorization`
 * header back in an error page must not put the key into messages, logs or spans, so every text
 * taken from a response passes through a {@link Scrub} for the key that request carried.
 *
 * @since 0.1.0
 */

/**
 * What a secret is replaced with.
 *
 * @since 0.1.0
 * @category constants
 */
export const redacted = "[redacted]"

/**
 * Removes secrets from server-provided text.
 *
 * @since 0.1.0
 * @category models
 */
export type Scrub = (text: string) => string

/**
 * A scrub that removes `key` in every spelling a server could echo it in: as sent, URL-encoded
 * and JSON-escaped.
 *
 * @since 0.1.0
 * @category constructors
 */
export const scrubberFor = (key: string): Scrub => {
  const spellings = [...new Set([key, encodeURIComponent(key), JSON.stringify(key).slice(1, -1)])]
  return (text) => {
    let out = text
    for (const secret of spellings) if (out.includes(secret)) out = out.replaceAll(secret, redacted)
    return out
  }
}

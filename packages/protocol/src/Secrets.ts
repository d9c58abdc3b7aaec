/**
 * Removing the API key from server text. A server (or proxy) that echoes the `Authorization`
 * header back in an error page, or puts the key into a `next_cursor`, must not put the key into
 * messages, logs or spans, so every text taken from a response passes through a {@link Scrub} for
 * the key that request carried.
 *
 * What counts as the key: the key in any of the spellings an encoder or escaper of one level
 * produces, character by character (so mixed spellings, e.g. `encodeURI` leaving `/` and encoding
 * `<`, are covered too). ASCII letters and digits appear only as themselves (no common encoder
 * changes them), and case matters for them. Every other character may appear:
 *
 * - as itself;
 * - percent-encoded, its UTF-8 bytes as `%XX` in either case of hex (`encodeURIComponent`,
 *   `encodeURI`, `URLSearchParams`, lowercase encoders);
 * - a space also as `+` (form encoding, `application/x-www-form-urlencoded`);
 * - as an HTML character reference: named (`&lt;`, `&gt;`, `&amp;`, `&quot;`, `&apos;`, the five of
 *   XML), decimal (`&#60;`) or hex (`&#x3c;`, `&#X3C;`), leading zeros allowed, `;` required;
 * - as a JSON or JavaScript escape: `\uXXXX` in either case of hex (a character outside the BMP as
 *   its surrogate pair, as `JSON.stringify` and Python's `json.dumps` write it), and `\"`, `\\`,
 *   `\/`, `\'`.
 *
 * Not covered: two levels of spelling (a key URL-encoded and then HTML-escaped, or JSON in a JSON
 * string), other encodings of a character (Latin-1 percent-encoding, HTML5 entity names beyond the
 * five), and transformations that are not spellings (base64, hashing, truncation).
 *
 * A key shorter than {@link tokenOnlyBelow} characters (never a real Sutro key, but a test value or a
 * misconfiguration) is removed only where it stands alone, not where it is part of a longer run of
 * key characters (`[A-Za-z0-9_-]`): a key `k` must not turn `Invalid API key` into
 * `Invalid API [redacted]ey`. A longer key is removed wherever it appears, even inside a longer word.
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
 * Keys shorter than this many characters are removed only as whole tokens (see the module's
 * documentation); keys of this length or longer wherever they appear.
 *
 * @since 0.1.0
 * @category constants
 */
export const tokenOnlyBelow = 8

/**
 * Removes secrets from server-provided text.
 *
 * @since 0.1.0
 * @category models
 */
export type Scrub = (text: string) => string

/** `text`, each character of it an exact match in a regular expression (no flags). */
const literal = (text: string): string => {
  let out = ""
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    out += /[A-Za-z0-9]/.test(text[i]) ? text[i] : `\\u${c.toString(16).padStart(4, "0")}`
  }
  return out
}

/** Hex digits of `n` (at least `width`), either case, as a pattern. */
const hexPattern = (n: number, width: number): string => {
  let out = ""
  for (const digit of n.toString(16).padStart(width, "0")) {
    out += /[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit
  }
  return out
}

const named: { readonly [char: string]: string } = {
  "<": "&lt;",
  ">": "&gt;",
  "&": "&amp;",
  "\"": "&quot;",
  "'": "&apos;"
}

const jsonShort: { readonly [char: string]: string } = {
  "\"": "\\\"",
  "\\": "\\\\",
  "/": "\\/",
  "'": "\\'"
}

const utf8 = new TextEncoder()

/** Every spelling of one character (a code point) covered, as a pattern. */
const characterPattern = (char: string): string => {
  if (/^[A-Za-z0-9]$/.test(char)) return char
  const code = char.codePointAt(0)!
  const options = [literal(char)]
  options.push([...utf8.encode(char)].map((byte) => `%${hexPattern(byte, 2)}`).join(""))
  if (char === " ") options.push("\\+")
  if (named[char] !== undefined) options.push(literal(named[char]))
  options.push(`&#0*${code};`, `&#[xX]0*${hexPattern(code, 1)};`)
  let units = ""
  for (let i = 0; i < char.length; i++) units += `\\\\u${hexPattern(char.charCodeAt(i), 4)}`
  options.push(units)
  if (jsonShort[char] !== undefined) options.push(literal(jsonShort[char]))
  return `(?:${options.join("|")})`
}

const keyCharacter = /[A-Za-z0-9_-]/

/**
 * A regular expression (global) matching `key` in every spelling covered (see the module's
 * documentation), or undefined for an empty key. The match ignores the short-key rule: a
 * {@link Scrub} applies it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const spellingsPattern = (key: string): RegExp | undefined => {
  if (key.length === 0) return undefined
  let source = ""
  for (const char of key) source += characterPattern(char)
  return new RegExp(source, "g")
}

/**
 * A scrub that removes `key` in every spelling a server could echo it in (see the module's
 * documentation for exactly which, and for the rule for keys shorter than {@link tokenOnlyBelow}).
 *
 * @since 0.1.0
 * @category constructors
 */
export const scrubberFor = (key: string): Scrub => {
  const pattern = spellingsPattern(key)
  if (pattern === undefined) return (text) => text
  if (key.length >= tokenOnlyBelow) return (text) => text.replace(pattern, redacted)
  return (text) =>
    text.replace(pattern, (match: string, offset: number) => {
      // A run continues only through a key character at the key's own edge.
      const joinsBefore = keyCharacter.test(match[0]) && offset > 0 && keyCharacter.test(text[offset - 1])
      const end = offset + match.length
      const joinsAfter = keyCharacter.test(match[match.length - 1]) && end < text.length && keyCharacter.test(text[end])
      return joinsBefore || joinsAfter ? match : redacted
    })
}

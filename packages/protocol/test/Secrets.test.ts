import { describe, expect, it } from "vitest"
import * as Secrets from "../src/Secrets.js"

describe("Secrets.scrubberFor", () => {
  const table: ReadonlyArray<readonly [string, string, string, string]> = [
    ["as sent", "sk_secret", "bad Key sk_secret", "bad Key [redacted]"],
    ["every occurrence", "sk_secret", "sk_secret and sk_secret", "[redacted] and [redacted]"],
    ["URL-encoded", "sk/a+b", "?key=sk%2Fa%2Bb", "?key=[redacted]"],
    ["JSON-escaped", "sk\"a\\b", `{"echo":"sk\\"a\\\\b"}`, `{"echo":"[redacted]"}`],
    [
      "all three spellings, a prefix left alone",
      "sk/a+b\"c",
      `Key sk/a+b"c | sk%2Fa%2Bb%22c | sk/a+b\\"c | sk/a`,
      "Key [redacted] | [redacted] | [redacted] | sk/a"
    ],
    ["text without the key", "sk_secret", "no key here: sk_secre", "no key here: sk_secre"],
    ["case matters", "sk_secret", "SK_SECRET", "SK_SECRET"],
    ["empty text", "sk_secret", "", ""]
  ]
  for (const [name, key, text, scrubbed] of table) {
    it(name, () => {
      expect(Secrets.scrubberFor(key)(text)).toBe(scrubbed)
    })
  }

  it("replaces with the redacted marker", () => {
    expect(Secrets.redacted).toBe("[redacted]")
    expect(Secrets.scrubberFor("k3y")("k3y")).toBe(Secrets.redacted)
  })
})

describe("Secrets.scrubberFor: every spelling of a key with <, &, space, +, /, non-ASCII and quotes", () => {
  // Each character the spellings change, once: < & space + / " ' é and one outside the BMP.
  const key = "sk_7<f&a b+c/d\"e'é🙂9"
  const everyOther = (spell: (char: string) => string) => [...key].map((c) => /[A-Za-z0-9]/.test(c) ? c : spell(c))
  const codes = (char: string) => [...char].map((c) => c.codePointAt(0)!)
  const units = (char: string) => Array.from({ length: char.length }, (_, i) => char.charCodeAt(i))
  const table: ReadonlyArray<readonly [string, string]> = [
    ["as sent", key],
    ["encodeURIComponent", encodeURIComponent(key)],
    ["encodeURIComponent, lowercase %xx", encodeURIComponent(key).replace(/%[0-9A-F]{2}/g, (s) => s.toLowerCase())],
    ["encodeURI (leaves / + & ' as they are)", encodeURI(key)],
    ["form encoding (URLSearchParams: + for space, %7E, %27)", new URLSearchParams({ k: key }).toString().slice(2)],
    ["form encoding by hand: + for space, the rest as sent", key.replace(" ", "+")],
    ["JSON.stringify", JSON.stringify(key).slice(1, -1)],
    [
      "JSON with \\u003c-style escapes for every character but letters and digits",
      everyOther((c) => units(c).map((u) => `\\u${u.toString(16).padStart(4, "0")}`).join("")).join("")
    ],
    [
      "JSON with uppercase \\u003C-style escapes",
      everyOther((c) => units(c).map((u) => `\\u${u.toString(16).padStart(4, "0").toUpperCase()}`).join("")).join("")
    ],
    // Go's encoding/json: < > & as \u003c \u003e \u0026, quotes as \", the rest as sent.
    ["Go's encoding/json", "sk_7\\u003cf\\u0026a b+c/d\\\"e'é🙂9"],
    // Python's json.dumps (ensure_ascii): non-ASCII as \uXXXX, outside the BMP as a surrogate pair.
    ["Python's json.dumps", "sk_7<f&a b+c/d\\\"e'\\u00e9\\ud83d\\ude429"],
    ["JSON with \\/ and \\' escapes", "sk_7<f&a b+c\\/d\\\"e\\'é🙂9"],
    ["HTML named entities (html.escape)", "sk_7&lt;f&amp;a b+c/d&quot;e&#x27;é🙂9"],
    ["HTML named entities, &apos;", "sk_7&lt;f&amp;a b+c/d&quot;e&apos;é🙂9"],
    [
      "HTML decimal references for every character but letters and digits",
      everyOther((c) => `&#${codes(c)[0]};`).join("")
    ],
    ["HTML decimal references with leading zeros", everyOther((c) => `&#00${codes(c)[0]};`).join("")],
    ["HTML hex references, lowercase", everyOther((c) => `&#x${codes(c)[0].toString(16)};`).join("")],
    ["HTML hex references, uppercase", everyOther((c) => `&#X${codes(c)[0].toString(16).toUpperCase()};`).join("")],
    ["PHP htmlspecialchars (&#039;)", "sk_7&lt;f&amp;a b+c/d&quot;e&#039;é🙂9"],
    ["mixed: each character in another spelling", "sk_7%3cf&amp;a+b%2Bc\\/d&#34;e\\u0027%C3%A9&#x1F642;9"]
  ]
  const scrub = Secrets.scrubberFor(key)
  for (const [name, spelled] of table) {
    it(name, () => {
      expect(scrub(`echo: ${spelled} (end)`)).toBe("echo: [redacted] (end)")
      expect(scrub(`${spelled}${spelled}`)).toBe("[redacted][redacted]")
    })
  }

  it("covers each spelling the table names (the table is not all one spelling)", () => {
    expect(new Set(table.map(([, spelled]) => spelled)).size).toBe(table.length)
  })

  it("leaves a prefix, another case and a different key alone", () => {
    const cut = key.slice(0, -1)
    expect(scrub(cut)).toBe(cut)
    expect(scrub(encodeURIComponent(cut))).toBe(encodeURIComponent(cut))
    expect(scrub(key.toUpperCase())).toBe(key.toUpperCase())
    expect(scrub("sk_7<f&a b+c/d\"e'é🙂8")).toBe("sk_7<f&a b+c/d\"e'é🙂8")
  })

  it("a key of at least tokenOnlyBelow characters goes even inside a longer word", () => {
    expect(Secrets.tokenOnlyBelow).toBe(8)
    expect(Secrets.scrubberFor("sk_12345")("xsk_12345y")).toBe("x[redacted]y")
  })

  it("is linear on a megabyte of near misses", () => {
    const text = "sk_7<f&a b+c/d".repeat(70_000)
    const started = Date.now()
    expect(scrub(text)).toBe(text)
    expect(Date.now() - started).toBeLessThan(2_000)
  })
})

describe("Secrets.scrubberFor: a short key only where it stands alone", () => {
  const table: ReadonlyArray<readonly [string, string, string, string]> = [
    ["a one-character key inside words", "k", "Invalid API key", "Invalid API key"],
    ["a one-character key alone", "k", "Key k, or 'k', or k.", "Key [redacted], or '[redacted]', or [redacted]."],
    ["a one-character key in a query", "k", "?key=k&limit=k1", "?key=[redacted]&limit=k1"],
    ["next to _ and -", "abc", "abc_d x-abc abc", "abc_d x-abc [redacted]"],
    ["spelled, alone", "a<b", "Key a&lt;b: a%3Cbc", "Key [redacted]: a%3Cbc"],
    [
      "an edge that is not a key character does not join a run",
      "<ab",
      "x<ab x<abc",
      "x[redacted] x<abc"
    ],
    ["seven characters", "sk_1234", "sk_12345 sk_1234", "sk_12345 [redacted]"]
  ]
  for (const [name, key, text, scrubbed] of table) {
    it(name, () => {
      expect(Secrets.scrubberFor(key)(text)).toBe(scrubbed)
    })
  }

  it("an empty key removes nothing", () => {
    expect(Secrets.scrubberFor("")("any text")).toBe("any text")
  })
})

describe("Secrets.spellingsPattern", () => {
  it("matches the key in its spellings and nothing for an empty key", () => {
    expect(Secrets.spellingsPattern("")).toBeUndefined()
    expect("a&lt;b a%3cb".match(Secrets.spellingsPattern("a<b")!)).toEqual(["a&lt;b", "a%3cb"])
  })
})

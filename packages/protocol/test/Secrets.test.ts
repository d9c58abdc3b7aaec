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

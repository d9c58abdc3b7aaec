import { describe, expect, it } from "vitest"
import * as Options from "../src/Options.js"

describe("Options.isNegativeDuration", () => {
  it.each(
    [
      [-1, true],
      [Number.NaN, true],
      [-0.5, true],
      [0, false],
      [250, false],
      [-1n, true],
      [0n, false],
      ["-1 second", true],
      ["  -250 millis", true],
      ["-Infinity", true],
      ["1 second", false],
      ["Infinity", false],
      [{ seconds: 1 }, false]
    ] as const
  )("%s -> %s", (input, negative) => {
    expect(Options.isNegativeDuration(input)).toBe(negative)
  })
})

describe("Options.negativeDurationProblem", () => {
  it("names the option, and NaN for numbers", () => {
    expect(Options.negativeDurationProblem("timeout", -1)).toBe("timeout must not be negative or NaN")
    expect(Options.negativeDurationProblem("retry.baseDelay", "-1 second")).toBe("retry.baseDelay must not be negative")
    expect(Options.negativeDurationProblem("timeout", "5 seconds")).toBeUndefined()
  })
})

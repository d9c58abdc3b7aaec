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

describe("Options: numeric options", () => {
  const table: ReadonlyArray<readonly [string, (n: number) => string | undefined, number, string | undefined]> = [
    ["maxRetries 0", Options.maxRetriesProblem, 0, undefined],
    ["maxRetries 4", Options.maxRetriesProblem, 4, undefined],
    ["maxRetries -1", Options.maxRetriesProblem, -1, "retry.maxRetries must be a whole number >= 0, got -1"],
    ["maxRetries 1.5", Options.maxRetriesProblem, 1.5, "retry.maxRetries must be a whole number >= 0, got 1.5"],
    ["maxRetries NaN", Options.maxRetriesProblem, NaN, "retry.maxRetries must be a whole number >= 0, got NaN"],
    [
      "maxRetries Infinity",
      Options.maxRetriesProblem,
      Infinity,
      "retry.maxRetries must be a whole number >= 0, got Infinity"
    ],
    ["factor 1", Options.factorProblem, 1, undefined],
    ["factor 2.5", Options.factorProblem, 2.5, undefined],
    ["factor 0.5", Options.factorProblem, 0.5, "retry.factor must be a number >= 1, got 0.5"],
    ["factor Infinity", Options.factorProblem, Infinity, "retry.factor must be a number >= 1, got Infinity"],
    ["factor NaN", Options.factorProblem, NaN, "retry.factor must be a number >= 1, got NaN"],
    ["maxResponseBytes 1", Options.maxResponseBytesProblem, 1, undefined],
    ["maxResponseBytes Infinity", Options.maxResponseBytesProblem, Infinity, undefined],
    [
      "maxResponseBytes 0",
      Options.maxResponseBytesProblem,
      0,
      "maxResponseBytes must be a whole number of bytes > 0, got 0"
    ],
    [
      "maxResponseBytes 1.5",
      Options.maxResponseBytesProblem,
      1.5,
      "maxResponseBytes must be a whole number of bytes > 0, got 1.5"
    ],
    [
      "maxResponseBytes -Infinity",
      Options.maxResponseBytesProblem,
      -Infinity,
      "maxResponseBytes must be a whole number of bytes > 0, got -Infinity"
    ]
  ]
  it.each(table)("%s", (_, problem, n, expected) => {
    expect(problem(n)).toBe(expected)
  })

  it("a value plain JavaScript passed is shown, not thrown on", () => {
    expect(Options.maxRetriesProblem(Symbol("x") as unknown as number)).toBe(
      "retry.maxRetries must be a whole number >= 0, got Symbol(x)"
    )
    expect(Options.factorProblem("2" as unknown as number)).toBe("retry.factor must be a number >= 1, got 2")
  })
})

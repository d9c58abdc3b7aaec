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

describe("Options.typeOf", () => {
  it.each([[5, "number"], [null, "null"], [[1], "array"], [{}, "object"], ["x", "string"], [undefined, "undefined"]])(
    "%s -> %s",
    (value, name) => expect(Options.typeOf(value)).toBe(name)
  )
})

describe("Options.booleanProblem, functionProblem, objectProblem", () => {
  it.each(
    [
      [Options.booleanProblem, true, undefined],
      [Options.booleanProblem, undefined, undefined],
      [Options.booleanProblem, "yes", "x must be true or false, got string"],
      [Options.booleanProblem, 1, "x must be true or false, got number"],
      [Options.functionProblem, () => 1, undefined],
      [Options.functionProblem, undefined, undefined],
      [Options.functionProblem, 5, "x must be a function, got number"],
      [Options.objectProblem, {}, undefined],
      [Options.objectProblem, undefined, undefined],
      [Options.objectProblem, 3, "x must be an object, got number"],
      [Options.objectProblem, "never", "x must be an object, got string"],
      [Options.objectProblem, null, "x must be an object, got null"],
      [Options.objectProblem, [], "x must be an object, got array"]
    ] as const
  )("%#: %s", (rule, value, problem) => {
    expect(rule("x", value)).toBe(problem)
  })
})

describe("Options.jobIdProblem", () => {
  it.each(
    [
      ["job_123", undefined],
      ["job-with spaces inside", undefined],
      ["job_1\n", "a job id must not contain control characters (a newline, a tab, NUL)"],
      ["job\r_1", "a job id must not contain control characters (a newline, a tab, NUL)"],
      ["\tjob_1", "a job id must not contain control characters (a newline, a tab, NUL)"],
      ["job\u0000", "a job id must not contain control characters (a newline, a tab, NUL)"],
      ["job\u007f", "a job id must not contain control characters (a newline, a tab, NUL)"],
      ["job\u0085", "a job id must not contain control characters (a newline, a tab, NUL)"],
      ["", "a job id must not be blank"],
      ["   ", "a job id must not be blank"],
      [5, "a job id must be a string, got number"],
      [null, "a job id must be a string, got null"]
    ] as const
  )("%j -> %s", (id, problem) => {
    expect(Options.jobIdProblem(id)).toBe(problem)
  })
})

describe("Options.jobIds", () => {
  it("a string is refused, not taken for the ids of its characters", () => {
    expect(Options.jobIds("job_123")).toEqual({ problem: "job ids must be a list of ids, not a string: waitFor([id])" })
  })

  it.each([[null, "null"], [5, "number"], [{}, "object"], [undefined, "undefined"]] as const)(
    "%s is not a list of ids",
    (input, type) => expect(Options.jobIds(input)).toEqual({ problem: `job ids must be a list of ids, got ${type}` })
  )

  it("names the first bad id by its index, never by its text", () => {
    expect(Options.jobIds(["job_1", "job_2\nINJECTED"])).toEqual({
      problem: "a job id must not contain control characters (a newline, a tab, NUL) (at index 1)"
    })
    expect(Options.jobIds([])).toEqual({ problem: "at least one job id is needed" })
  })

  it("reads any iterable once, keeps the first of each id, in order", () => {
    const ids = function*() {
      yield "b"
      yield "a"
      yield "b"
    }
    expect(Options.jobIds(ids())).toEqual({ ids: ["b", "a"] })
    expect(Options.jobIds(new Set(["x"]))).toEqual({ ids: ["x"] })
  })
})

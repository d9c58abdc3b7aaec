import { describe, expect, it } from "vitest"
import * as Major from "../src/Major.js"

const effect3: Major.Line = { packageName: "@sutro-effect/client", packageVersion: "0.2.0", effectMajor: 3 }
const effect4: Major.Line = { packageName: "@sutro-effect/client", packageVersion: "1.0.0", effectMajor: 4 }
const node4: Major.Line = {
  packageName: "@sutro-effect/node",
  packageVersion: "1.0.0",
  effectMajor: 4,
  minNode: "22.19.0"
}
const node3: Major.Line = {
  packageName: "@sutro-effect/node",
  packageVersion: "0.2.0",
  effectMajor: 3,
  minNode: "20.0.0"
}

describe("Major.problem", () => {
  const table: ReadonlyArray<
    readonly [string, Major.Line, string | undefined, string | undefined, string | undefined]
  > = [
    ["the Effect 3 line with effect 3", effect3, "3.22.4", "20.20.2", undefined],
    ["the Effect 4 line with effect 4", effect4, "4.1.5", "22.19.0", undefined],
    ["a prerelease of the right major", effect4, "4.0.0-beta.5", "22.19.0", undefined],
    ["outside Node.js nothing is asked of Node", node4, "4.1.5", undefined, undefined],
    ["no minimum Node.js: any Node", effect4, "4.1.5", "18.0.0", undefined],
    ["exactly the minimum Node.js", node4, "4.1.5", "22.19.0", undefined],
    ["a newer minor, lower patch", node4, "4.1.5", "22.20.0", undefined],
    ["a newer major, lower minor", node4, "4.1.5", "24.0.0", undefined],
    ["Node's v prefix", node4, "4.1.5", "v22.19.1", undefined],
    ["an unreadable effect version is left to Effect", effect3, "workspace", "20.20.2", undefined],
    ["an unreadable Node version is left alone", node4, "4.1.5", "unknown", undefined],
    [
      "the Effect 3 line in an Effect 4 project",
      effect3,
      "4.1.5",
      "22.19.0",
      "@sutro-effect/client 0.2.0 is the Effect 3 line, but this project has effect 4.1.5. Install the Effect 4 line: " +
      "npm install @sutro-effect/client@latest (or keep this line with effect@3)."
    ],
    [
      "the Effect 4 line in an Effect 3 project",
      effect4,
      "3.22.4",
      "22.19.0",
      "@sutro-effect/client 1.0.0 is the Effect 4 line, but this project has effect 3.22.4. Install the Effect 3 line: " +
      "npm install @sutro-effect/client@effect3 (or upgrade to effect@4)."
    ],
    [
      "a wrong major outranks an old Node: the right line may run on it",
      node4,
      "3.22.4",
      "20.20.2",
      "@sutro-effect/node 1.0.0 is the Effect 4 line, but this project has effect 3.22.4. Install the Effect 3 line: " +
      "npm install @sutro-effect/node@effect3 (or upgrade to effect@4)."
    ],
    [
      "an effect major no line is for",
      effect3,
      "2.4.19",
      "20.20.2",
      "@sutro-effect/client 0.2.0 is the Effect 3 line, but this project has effect 2.4.19. Install effect 3: " +
      "npm install effect@3."
    ],
    [
      "no effect",
      effect4,
      undefined,
      "22.19.0",
      "@sutro-effect/client 1.0.0 is the Effect 4 line and needs effect 4, which this project does not have. " +
      "Install it: npm install effect@4."
    ],
    [
      "no effect, Effect 3 line",
      effect3,
      undefined,
      undefined,
      "@sutro-effect/client 0.2.0 is the Effect 3 line and needs effect 3, which this project does not have. " +
      "Install it: npm install effect@3."
    ],
    [
      "Node.js too old for the Effect 4 line",
      node4,
      "4.1.5",
      "20.20.2",
      "@sutro-effect/node 1.0.0 needs Node.js >= 22.19.0 (this is 20.20.2): install Node.js 22.19.0 or later " +
      "(or, with effect@3, the Effect 3 line: npm install @sutro-effect/node@effect3)."
    ],
    [
      "an older patch is too old",
      node4,
      "4.1.5",
      "v22.18.9",
      "@sutro-effect/node 1.0.0 needs Node.js >= 22.19.0 (this is 22.18.9): install Node.js 22.19.0 or later " +
      "(or, with effect@3, the Effect 3 line: npm install @sutro-effect/node@effect3)."
    ],
    [
      "Node.js too old for the Effect 3 line",
      node3,
      "3.22.4",
      "18.19.0",
      "@sutro-effect/node 0.2.0 needs Node.js >= 20.0.0 (this is 18.19.0): install Node.js 20.0.0 or later."
    ]
  ]
  for (const [name, line, effectVersion, nodeVersion, problem] of table) {
    it(name, () => {
      const text = Major.problem(line, { effectVersion, nodeVersion })
      expect(text).toBe(problem)
      if (text !== undefined) expect(text).not.toContain("\n")
    })
  }

  it("compares versions as numbers, not text", () => {
    const line: Major.Line = { ...node4, minNode: "9.10.0" }
    expect(Major.problem(line, { effectVersion: "4.1.5", nodeVersion: "10.0.0" })).toBeUndefined()
    expect(Major.problem(line, { effectVersion: "4.1.5", nodeVersion: "9.9.0" })).toContain(">= 9.10.0")
    expect(Major.problem(effect4, { effectVersion: "40.0.0", nodeVersion: undefined })).toContain("effect 40.0.0")
  })
})

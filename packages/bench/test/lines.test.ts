import { describe, expect, it } from "@effect/vitest"
import { effect4SkipReason, lineName } from "../src/lines.js"

describe("bench lines", () => {
  it("measures the Effect 4 line from Node 22.19 on", () => {
    for (const version of ["22.19.0", "22.23.3", "23.0.0", "24.11.1"]) {
      expect(effect4SkipReason(version)).toBeUndefined()
    }
  })

  it("skips the Effect 4 rows on an older Node, saying which and how to run it", () => {
    for (const version of ["20.20.2", "22.12.0", "22.18.9", "21.7.3"]) {
      const reason = effect4SkipReason(version)
      expect(reason).toContain(`Node v${version}`)
      expect(reason).toContain(">= 22.19")
      expect(reason).toContain("npx -y -p node@22")
    }
  })

  it("names each line with its major", () => {
    expect([lineName("effect3"), lineName("effect4")]).toEqual(["Effect 3 line (0.x)", "Effect 4 line (1.x)"])
  })
})

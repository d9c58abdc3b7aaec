// The fault matrix (packages/behaviour/src/Matrix.ts) on each line (the line's own driver.ts): one test per
// fault kind, run concurrently, then the checks of what they left behind (the canary, docs/reliability.md).
import * as Matrix from "@sutro-effect/behaviour/Matrix"
import { describe, it } from "vitest"
import { driver } from "./driver.js"

const suite = Matrix.suite(driver)

describe.concurrent("fault matrix", () => {
  for (const c of suite.kinds) it(c.name, c.run, c.timeout)
})

describe("fault matrix: what it leaves behind", () => {
  for (const c of suite.after) it(c.name, c.run, c.timeout)
})

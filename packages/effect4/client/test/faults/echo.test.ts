// The key echoed back (packages/behaviour/src/Echo.ts) on each line (the line's own driver.ts).
import * as Echo from "@sutro-effect/behaviour/Echo"
import { describe, it } from "vitest"
import { driver } from "./driver.js"

describe("the key echoed back", () => {
  for (const c of Echo.suite(driver)) it(c.name, c.run, c.timeout)
})

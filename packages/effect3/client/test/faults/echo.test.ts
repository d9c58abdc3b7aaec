// The key echoed back (packages/behaviour/src/Echo.ts) on the Effect 3 line.
import * as Echo from "@sutro-effect/behaviour/Echo"
import { describe, it } from "vitest"
import { driver } from "./driver.js"

describe("the key echoed back", () => {
  for (const c of Echo.suite(driver)) it(c.name, c.run, c.timeout)
})

// The soak (packages/behaviour/src/Soak.ts) on each line (the line's own driver.ts).
import * as Soak from "@sutro-effect/behaviour/Soak"
import { describe, it } from "vitest"
import { driver } from "./driver.js"

describe("soak", () => {
  for (const c of Soak.suite(driver)) it(c.name, c.run, c.timeout)
})

// The soak (packages/behaviour/src/Soak.ts) on the Effect 3 line.
import * as Soak from "@sutro-effect/behaviour/Soak"
import { describe, it } from "vitest"
import { driver } from "./driver.js"

describe("soak", () => {
  for (const c of Soak.suite(driver)) it(c.name, c.run, c.timeout)
})

// The interruptions (packages/behaviour/src/Interrupts.ts) on each line (the line's own driver.ts).
import * as Interrupts from "@sutro-effect/behaviour/Interrupts"
import { describe, it } from "vitest"
import { driver } from "./driver.js"

describe("interrupts", () => {
  for (const c of Interrupts.suite(driver)) it(c.name, c.run, c.timeout)
})

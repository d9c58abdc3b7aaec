import { describe, expect, it } from "@effect/vitest"
import { Emulator } from "@sutro-effect/emulator"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import { scenarios } from "../src/scenarios.js"

// The benchmark compares only walks that see the same thing: every scenario must visit every job
// of the emulator once, in order, on every walk of a process (the warm walks reuse the client).
describe("bench scenarios", () => {
  for (const [name, scenario] of Object.entries(scenarios)) {
    it(`${name}: walks every job, twice in one process, and visits them in order`, async () => {
      const scope = Effect.runSync(Scope.make())
      try {
        const emulator = await Effect.runPromise(Scope.extend(Emulator.make({ jobs: 250, seed: 9 }), scope))
        const walker = await scenario.make({ url: emulator.url, apiKey: emulator.apiKey, pageSize: 100, prefetch: 2 })
        try {
          expect(await walker.walk()).toBe(250)
          const visited: Array<number> = []
          expect(await walker.walk((index) => visited.push(index))).toBe(250)
          expect(visited).toEqual(Array.from({ length: 250 }, (_, i) => i))
        } finally {
          await walker.close()
        }
        const gets = (await Effect.runPromise(emulator.requestLog)).filter((entry) => entry.method === "GET")
        // 3 pages a walk, each answered 200 and authorized: no scenario skips or repeats a page.
        expect(gets.map((entry) => [entry.status, entry.authorized])).toEqual(Array(6).fill([200, true]))
      } finally {
        await Effect.runPromise(Scope.close(scope, Exit.void))
      }
    })
  }
})

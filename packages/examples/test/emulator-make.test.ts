import { expect, it } from "@effect/vitest"
import { Emulator, Generator } from "@sutro-effect/emulator"
import * as Effect from "effect/Effect"

const myFixtureJobs = Generator.generateJobs(25, 7)

it.live("each test its own emulator", () =>
  Effect.scoped(
    Effect.gen(function*() {
      const emulator = yield* Emulator.make({ data: myFixtureJobs, apiKeys: ["sk_test"] })
      const response = yield* Effect.promise(() =>
        fetch(`${emulator.url}/v1/list-jobs?limit=10`, { headers: { authorization: "Key sk_test" } })
      )
      expect(response.status).toBe(200)
    })
  ))

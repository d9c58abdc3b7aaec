import { it } from "@effect/vitest"
import { RetryPolicy } from "@sutro-effect/client"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
it.effect("x", () =>
  Effect.gen(function*() {
    const s = RetryPolicy.schedule({
      baseDelay: Duration.millis(250),
      factor: 2,
      maxDelay: Duration.seconds(10),
      jitter: false
    })
    let state = s.initial
    const out: any[] = []
    for (let i = 0; i < 10; i++) {
      const r = yield* s.step(1_700_000_000_123, undefined, state)
      state = r[0]
      out.push(r[1])
    }
    console.log(JSON.stringify(out))
  }))

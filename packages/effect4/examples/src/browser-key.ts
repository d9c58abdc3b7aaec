import { BrowserSutroClient } from "@sutro-effect/browser"
import { SutroClient } from "@sutro-effect/client"
import { SutroError } from "@sutro-effect/core"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"

// A short-lived key from your own backend, never a long-lived one shipped to the browser
const fetchKey = Effect.tryPromise({
  try: () => fetch("/api/sutro-key", { credentials: "include" }).then((r) => r.text()),
  catch: (cause) => new SutroError.TransportError({ detail: `could not fetch a key: ${String(cause)}` })
}).pipe(Effect.map(Redacted.make))

export const SutroLive = Layer.unwrap(
  Effect.map(
    Effect.cachedWithTTL(fetchKey, Duration.minutes(5)),
    (apiKey) => BrowserSutroClient.layer({ apiKey, baseUrl: "https://acme.example/v1" })
  )
)

export const recentJobs = Effect.flatMap(
  SutroClient.SutroClient,
  (sutro) => Stream.runCollect(sutro.jobs({ maxPages: 2 }))
).pipe(Effect.provide(SutroLive))

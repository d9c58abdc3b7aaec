import { SutroClient } from "@sutro-effect/client"
import * as Effect from "effect/Effect"
import { constFalse } from "effect/Function"
import * as HttpClient from "effect/http/HttpClient"
import * as Redacted from "effect/Redacted"

export const traced = SutroClient.layer({
  apiKey: Redacted.make("sk_..."),
  transformClient: HttpClient.transform((effect) =>
    Effect.provideService(effect, HttpClient.TracerDisabledWhen, constFalse)
  )
})

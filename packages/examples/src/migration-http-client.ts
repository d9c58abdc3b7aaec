import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { SutroClient } from "@sutro-effect/client"
import { NodeSutroClient } from "@sutro-effect/node"
import * as Effect from "effect/Effect"

// transformClient adapts the HttpClient under the SDK: here, one more header on every request
const WithTeamHeader = NodeSutroClient.layerConfig({
  transformClient: HttpClient.mapRequest(HttpClientRequest.setHeader("x-team", "reports"))
})

// The platform's own client span, and the traceparent and b3 headers it would send to Sutro, are off
// for the SDK's requests; this turns them back on
const WithPlatformSpan = NodeSutroClient.layerConfig({
  transformClient: HttpClient.withTracerDisabledWhen(() => false)
})

const firstPage = Effect.flatMap(SutroClient.SutroClient, (sutro) => sutro.listJobs({ limit: 5 }))

Effect.runPromise(Effect.all([Effect.provide(firstPage, WithTeamHeader), Effect.provide(firstPage, WithPlatformSpan)]))
  .then(([a, b]) => console.log(`${a.jobs.length} jobs, then ${b.jobs.length} jobs`))

/**
 * The Effect 3 side of the node package's seam between the lines: the undici layer, under the
 * names of the Effect 4 twin.
 *
 * @internal
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import Undici from "@effect/platform-node/Undici"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Encoding from "@sutro-effect/protocol/Encoding"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { decompress } from "./decode.js"
import { acceptInterim } from "./interim.js"

/**
 * `NodeHttpClient.layerUndici` over an agent of its own whose connections accept interim (`1xx`)
 * responses (./interim.ts), composed with the decoding of compressed bodies and the body limit
 * (./decode.ts).
 */
const undici: Layer.Layer<HttpClient.HttpClient> = NodeHttpClient.layerUndiciWithoutDispatcher.pipe(
  Layer.provide(Layer.scoped(
    NodeHttpClient.Dispatcher,
    Effect.acquireRelease(
      Effect.sync(() =>
        new Undici.Agent({ connect: acceptInterim(Undici.buildConnector({})) }).compose(
          decompress(Undici.DecoratorHandler as never)
        )
      ),
      (dispatcher) => Effect.promise(() => dispatcher.destroy())
    )
  ))
)

/**
 * The undici client, marked with `Encoding.markBoundedTransport`: its agent enforces the request's
 * `Encoding.bodyLimitHeader` (./decode.ts), so the client reads bodies whole. The object marked is
 * the one the layer built and provides; a client derived from it is not marked.
 */
export const layerUndici: Layer.Layer<HttpClient.HttpClient> = Layer.effect(
  HttpClient.HttpClient,
  Effect.map(HttpClient.HttpClient, Encoding.markBoundedTransport)
).pipe(Layer.provide(undici))

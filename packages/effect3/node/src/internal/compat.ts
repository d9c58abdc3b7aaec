/**
 * The Effect 3 side of the node package's seam between the lines: the undici layer, under the
 * names of the Effect 4 twin.
 *
 * @internal
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import Undici from "@effect/platform-node/Undici"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { decompress } from "./decode.js"
import { acceptInterim } from "./interim.js"

/**
 * `NodeHttpClient.layerUndici` over an agent of its own whose connections accept interim (`1xx`)
 * responses (./interim.ts), composed with the decoding of compressed bodies (./decode.ts).
 */
export const layerUndici: Layer.Layer<HttpClient.HttpClient> = NodeHttpClient.layerUndiciWithoutDispatcher.pipe(
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

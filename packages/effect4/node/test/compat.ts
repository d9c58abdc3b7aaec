// The Effect 4 side of the node package tests' seam between the lines: what the shared tests use that Effect 3
// and Effect 4 spell differently, under Effect 4's names. packages/effect3/node/test/compat.ts gives the same
// names their Effect 3 meaning (docs/one-source.md).
import * as ConfigProvider from "effect/ConfigProvider"
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"

/** Which line this is. */
export const line: "effect3" | "effect4" = "effect4"

/** A service key for tests (Effect 3: `Context.GenericTag`). */
export const serviceKey = <Shape>(key: string) => Context.Service<Shape>(key)
/** A layer from a scoped effect, its resources released with the layer (Effect 3: `Layer.scoped`). */
export const layerScoped = Layer.effect
/** A config provider over the given environment variables. */
export const configFromEnv = (env: Record<string, string>): Layer.Layer<never> =>
  ConfigProvider.layer(ConfigProvider.fromUnknown(env))
/** Every element of a stream, as an array (Effect 3 collects a Chunk). */
export const collect = <A, E, R>(stream: Stream.Stream<A, E, R>): Effect.Effect<ReadonlyArray<A>, E, R> =>
  Stream.runCollect(stream)

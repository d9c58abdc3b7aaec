// The Effect 3 side of the node package tests' seam between the lines: the names of
// packages/effect4/node/test/compat.ts (Effect 4's), with their Effect 3 meaning (docs/one-source.md).
import * as Chunk from "effect/Chunk"
import * as ConfigProvider from "effect/ConfigProvider"
import type * as Context from "effect/Context"
import { GenericTag } from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"

/** Which line this is. */
export const line: "effect3" | "effect4" = "effect3"

/** A service key for tests (Effect 4: `Context.Service`). */
export const serviceKey = <Shape>(key: string): Context.Tag<Shape, Shape> => GenericTag<Shape>(key)
/** A layer from a scoped effect, its resources released with the layer (Effect 4: `Layer.effect`). */
export const layerScoped = Layer.scoped
/** A config provider over the given environment variables. */
export const configFromEnv = (env: Record<string, string>): Layer.Layer<never> =>
  Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))
/** Every element of a stream, as an array (Effect 3 collects a Chunk). */
export const collect = <A, E, R>(stream: Stream.Stream<A, E, R>): Effect.Effect<ReadonlyArray<A>, E, R> =>
  Effect.map(Stream.runCollect(stream), Chunk.toReadonlyArray)

// The Effect 3 side of the browser package tests' seam between the lines: the names of
// packages/effect4/browser/test/compat.ts (Effect 4's), with their Effect 3 meaning (docs/one-source.md). The
// Chromium page script imports it too: nothing here may need Node.
import { BrowserSutroClient } from "@sutro-effect/browser"
import * as Xhr from "@sutro-effect/browser/Xhr"
import * as Chunk from "effect/Chunk"
import * as ConfigProvider from "effect/ConfigProvider"
import type * as Context from "effect/Context"
import { GenericTag } from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"

/** Which line this is. */
export const line: "effect3" | "effect4" = "effect3"

// ---- Effect renames ----
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

// ---- The browser layers this line has ----
/** How a layer sends its requests: `fetch`, or `XMLHttpRequest` (`@sutro-effect/browser/Xhr`). */
export type Transport = "fetch" | "xhr"
/** The transports of this line's layers: fetch, and XMLHttpRequest through `@sutro-effect/browser/Xhr`. */
export const transports: ReadonlyArray<Transport> = ["fetch", "xhr"]
/** The layer over each transport of this line. */
export const layerOver = (transport: Transport): typeof BrowserSutroClient.layer =>
  transport === "fetch" ? BrowserSutroClient.layer : Xhr.layer

// ---- What a browser bundle of this line holds ----
/** The platform's fetch client, as a bundle's input. */
export const fetchClientInput = /@effect\/platform\/dist\/esm\/FetchHttpClient\.js$/
/**
 * Inputs that must never reach a browser bundle of this line: Node's clients and what @effect/platform-node
 * pulls in, anything of the Effect 4 line.
 */
export const forbiddenInput =
  /platform-node|undici|@effect\/cluster|@effect\/sql|@effect\/rpc|effect@4\.|packages\/effect4\//
/**
 * A bound on the fetch app's bundle, gzip: about 99 KiB today; a jump past it means something heavy came in
 * (a platform-node or XHR stack is tens of KB).
 */
export const bundleBound = 105 * 1024
/** Whether the fetch app's bundle can do without Effect's Schema modules: no, @effect/platform's HTTP modules need them. */
export const fetchAppWithoutSchema = false

// The Effect 4 side of the browser package tests' seam between the lines: what the shared tests use that
// Effect 3 and Effect 4 spell differently, under Effect 4's names. packages/effect3/browser/test/compat.ts gives
// the same names their Effect 3 meaning (docs/one-source.md). The Chromium page script imports it too: nothing
// here may need Node.
import { BrowserSutroClient } from "@sutro-effect/browser"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"

/** Which line this is. */
export const line: "effect3" | "effect4" = "effect4"

// ---- Effect renames ----
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

// ---- The browser layers this line has ----
/** How a layer sends its requests: `fetch`, or `XMLHttpRequest` (the Effect 3 line's `Xhr` entry point). */
export type Transport = "fetch" | "xhr"
/** The transports of this line's layers: fetch only (`@effect/platform-browser` has no Effect 4 release). */
export const transports: ReadonlyArray<Transport> = ["fetch"]
/** The layer over each transport of this line. */
export const layerOver = (_transport: Transport): typeof BrowserSutroClient.layer => BrowserSutroClient.layer

// ---- What a browser bundle of this line holds ----
/** Effect's fetch client, as a bundle's input. */
export const fetchClientInput = /effect@4\.[^/]*\/node_modules\/effect\/dist\/http\/FetchHttpClient/
/** Inputs that must never reach a browser bundle of this line: Node's clients, anything of the Effect 3 line. */
export const forbiddenInput = /platform-node|undici|effect@3\.|@effect\/platform\/|packages\/effect3\//
/**
 * A bound on the fetch app's bundle, gzip: about 52 KiB today, most of it Effect itself; the bound is issue 27's
 * target (<= 60 KB). A jump past it means something heavy came in, such as Effect's barrel or its Schema module
 * (about 15 KiB, which `Config.String` and `Config.Redacted` would bring in through `layerConfig`).
 */
export const bundleBound = 60 * 1024
/**
 * Whether the fetch app's bundle can do without Effect's Schema modules: yes on Effect 4, whose fetch client
 * needs none (the page is decoded by the protocol's scanner; `layerConfig` reads its defaults without
 * `Config.schema`).
 */
export const fetchAppWithoutSchema = true

// Browser bundles of the package as an app would make them (esbuild), for bundle.test.ts and the Effect 3
// line's Xhr.test.ts.
import * as esbuild from "esbuild"
import * as path from "node:path"
import * as zlib from "node:zlib"

export const root = path.resolve(__dirname, "../../../..")

/** Bundles `contents` for the browser as an app would, resolving @sutro-effect/* to the sources. */
export const bundle = async (contents: string) => {
  const result = await esbuild.build({
    stdin: { contents, resolveDir: __dirname, loader: "ts" },
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    minify: true,
    write: false,
    metafile: true,
    logLevel: "silent",
    // Input paths in the metafile relative to the repository, whatever the runner's directory.
    absWorkingDir: root,
    // The "sutro-source" condition of the workspace packages' exports points at their sources.
    conditions: ["sutro-source"]
  })
  const code = result.outputFiles[0].text
  const output = Object.values(result.metafile.outputs)[0]
  return {
    inputs: Object.keys(result.metafile.inputs),
    /** The inputs that left code in the bundle (tree shaking can drop all of a loaded module). */
    included: Object.entries(output.inputs).filter(([, input]) => input.bytesInOutput > 0).map(([name]) => name),
    imports: Object.values(result.metafile.outputs).flatMap((output) => output.imports.map((i) => i.path)),
    code,
    gzip: zlib.gzipSync(code).length
  }
}

/** An app that walks every job through the layer `layer` imported by `entry`. */
export const app = (entry: string, layer: string) => `
  ${entry}
  import { SutroClient } from "@sutro-effect/client"
  import * as Effect from "effect/Effect"
  import * as Redacted from "effect/Redacted"
  import * as Stream from "effect/Stream"
  export const all = (key: string) => Effect.flatMap(SutroClient.SutroClient, (c) => Stream.runCollect(c.jobs())).pipe(
    Effect.provide(${layer}({ apiKey: Redacted.make(key) })),
    Effect.runPromise
  )`

/** What XMLHttpRequest support brings (Effect 3 line): platform-browser's client, its header parser, our Xhr module. */
export const xhrInputs = (inputs: ReadonlyArray<string>) =>
  inputs.filter((input) => /@effect\/platform-browser|multipasta|browser\/src\/Xhr\.ts/.test(input))

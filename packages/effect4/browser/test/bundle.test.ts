import { describe, expect, it } from "@effect/vitest"
import * as esbuild from "esbuild"
import * as path from "node:path"
import * as zlib from "node:zlib"

const root = path.resolve(__dirname, "../../../..")

/** Bundles `contents` for the browser as an app would, resolving @sutro-effect/* to the sources. */
const bundle = async (contents: string) => {
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
  return {
    inputs: Object.keys(result.metafile.inputs),
    imports: Object.values(result.metafile.outputs).flatMap((output) => output.imports.map((i) => i.path)),
    code,
    gzip: zlib.gzipSync(code).length
  }
}

const fetchApp = `
  import { BrowserSutroClient } from "@sutro-effect/browser"
  import { SutroClient } from "@sutro-effect/client"
  import * as Effect from "effect/Effect"
  import * as Redacted from "effect/Redacted"
  import * as Stream from "effect/Stream"
  export const all = (key: string) => Effect.flatMap(SutroClient.SutroClient, (c) => Stream.runCollect(c.jobs())).pipe(
    Effect.provide(BrowserSutroClient.layer({ apiKey: Redacted.make(key) })),
    Effect.runPromise
  )`

/** Inputs that must never reach a browser bundle of this line. */
const forbidden = (inputs: ReadonlyArray<string>) =>
  inputs.filter((input) => /platform-node|undici|effect@3\.|@effect\/platform\/|packages\/effect3\//.test(input))

describe("browser bundle", () => {
  it("a fetch-only app bundles no Node built-ins, no platform-node, nothing of the Effect 3 line", async () => {
    const result = await bundle(fetchApp)
    expect(result.inputs.some((input) => input.includes("packages/effect4/client/src"))).toBe(true)
    expect(result.inputs.some((input) => input.includes("packages/effect4/browser/src/BrowserSutroClient.ts"))).toBe(
      true
    )
    expect(
      result.inputs.some((input) => /effect@4\.[^/]*\/node_modules\/effect\/dist\/http\/FetchHttpClient/.test(input))
    )
      .toBe(true)
    expect(forbidden(result.inputs)).toEqual([])
    expect(result.imports).toEqual([])
    expect(result.code).not.toMatch(/from\s*"node:|require\("node:/)
    // Deep imports keep Effect's barrel (effect/index, about 3.5x the size) out.
    expect(result.inputs.filter((input) => /node_modules\/effect\/dist\/index\.js$/.test(input))).toEqual([])
    // About 67 KiB gzip today, four fifths of it Effect itself (the Effect 3 line's is about 97 KiB):
    // a jump past this bound means something heavy came in, such as Effect's barrel.
    expect(result.gzip).toBeLessThan(80 * 1024)
  })

  it("fails to bundle a Node built-in for the browser (the Node check has teeth)", async () => {
    const attempt = esbuild.build({
      stdin: { contents: "import * as fs from \"node:fs\"; console.log(fs)", resolveDir: root },
      bundle: true,
      platform: "browser",
      write: false,
      logLevel: "silent"
    })
    await expect(attempt).rejects.toThrow()
  })
})

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
    // The "sutro-source" condition of the workspace packages\' exports points at their sources.
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

const app = (entry: string, layer: string) => `
  ${entry}
  import { SutroClient } from "@sutro-effect/client"
  import * as Effect from "effect/Effect"
  import * as Redacted from "effect/Redacted"
  import * as Stream from "effect/Stream"
  export const all = (key: string) => Effect.flatMap(SutroClient.SutroClient, (c) => Stream.runCollect(c.jobs())).pipe(
    Effect.provide(${layer}({ apiKey: Redacted.make(key) })),
    Effect.runPromise
  )`

const fetchApp = app(`import { BrowserSutroClient } from "@sutro-effect/browser"`, "BrowserSutroClient.layer")
const xhrApp = app(`import * as Xhr from "@sutro-effect/browser/Xhr"`, "Xhr.layer")

/** What XMLHttpRequest support brings: platform-browser's client, its header parser, our Xhr module. */
const xhrInputs = (inputs: ReadonlyArray<string>) =>
  inputs.filter((input) => /@effect\/platform-browser|multipasta|packages\/effect3\/browser\/src\/Xhr\.ts/.test(input))

describe("browser bundle", () => {
  it("a fetch-only app bundles no Node built-ins, no @effect/platform-node and no XHR code", async () => {
    const result = await bundle(fetchApp)
    expect(result.inputs.some((input) => input.includes("packages/effect3/client/src"))).toBe(true)
    expect(result.inputs.some((input) => input.includes("packages/effect3/browser/src/BrowserSutroClient.ts"))).toBe(
      true
    )
    expect(
      result.inputs.filter((input) => /platform-node|undici|@effect\/cluster|@effect\/sql|@effect\/rpc/.test(input))
    )
      .toEqual([])
    expect(result.imports).toEqual([])
    expect(result.code).not.toMatch(/from\s*"node:|require\("node:/)
    expect(xhrInputs(result.inputs)).toEqual([])
    expect(result.code).not.toContain("XMLHttpRequest")
    // The bundle size is measured and reported by `pnpm size`; here only a bound that catches a leak of
    // something large (a platform-node or XHR stack is tens of KB).
    expect(result.gzip).toBeLessThan(105 * 1024)
  })

  it("the package's main entry alone carries no XHR code either", async () => {
    const result = await bundle(`export * from "@sutro-effect/browser"`)
    expect(xhrInputs(result.inputs)).toEqual([])
    expect(result.code).not.toContain("XMLHttpRequest")
  })

  it("an app that imports @sutro-effect/browser/Xhr gets the XHR client (the checks above have teeth)", async () => {
    const result = await bundle(xhrApp)
    expect(result.inputs.some((input) => input.includes("packages/effect3/browser/src/Xhr.ts"))).toBe(true)
    expect(result.inputs.some((input) => input.includes("@effect/platform-browser"))).toBe(true)
    expect(result.code).toContain("XMLHttpRequest")
    expect(result.imports).toEqual([])
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

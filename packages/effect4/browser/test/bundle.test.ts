import { describe, expect, it } from "@effect/vitest"
import * as esbuild from "esbuild"
import { app, bundle, root, xhrInputs } from "./bundler.js"
import { bundleBound, fetchAppWithoutSchema, fetchClientInput, forbiddenInput, line } from "./compat.js"

const fetchApp = app(`import { BrowserSutroClient } from "@sutro-effect/browser"`, "BrowserSutroClient.layer")

describe("browser bundle", () => {
  it("a fetch-only app bundles no Node built-ins, no platform-node, no XHR code, nothing of the other line", async () => {
    const result = await bundle(fetchApp)
    expect(result.inputs.some((input) => input.includes(`packages/${line}/client/src`))).toBe(true)
    expect(result.inputs.some((input) => input.includes(`packages/${line}/browser/src/BrowserSutroClient.ts`))).toBe(
      true
    )
    expect(result.inputs.some((input) => fetchClientInput.test(input))).toBe(true)
    expect(result.inputs.filter((input) => forbiddenInput.test(input))).toEqual([])
    expect(result.imports).toEqual([])
    expect(result.code).not.toMatch(/from\s*"node:|require\("node:/)
    expect(xhrInputs(result.inputs)).toEqual([])
    expect(result.code).not.toContain("XMLHttpRequest")
    // Deep imports keep Effect's barrel (effect/index, about 3.5x the size) out.
    expect(result.inputs.filter((input) => /node_modules\/effect\/dist\/(esm\/)?index\.js$/.test(input))).toEqual([])
    // The bundle size is measured and reported by `pnpm size`; here only a bound that catches a leak of
    // something large.
    expect(result.gzip).toBeLessThan(bundleBound)
  })

  it("the package's main entry alone carries no XHR code either", async () => {
    const result = await bundle(`export * from "@sutro-effect/browser"`)
    expect(xhrInputs(result.inputs)).toEqual([])
    expect(result.code).not.toContain("XMLHttpRequest")
  })

  it("the SDK's errors bundle without Effect's Schema module (they are not schema classes)", async () => {
    const result = await bundle(`
      import * as SutroError from "@sutro-effect/core/SutroError"
      const error = new SutroError.ServerError({ status: 503, detail: "busy" })
      export const shown = [SutroError.withContext(error, { attempts: 2 }).message, SutroError.isSutroError(error)]`)
    expect(result.included.some((input) => input.includes(`packages/${line}/core/src/SutroError.ts`))).toBe(true)
    expect(result.included.filter((input) => /node_modules\/effect\/dist\/(esm\/)?Schema\.js$/.test(input))).toEqual([])
  })

  // Effect 4's fetch client needs none of Effect's Schema modules, and neither does ours: layerConfig reads its
  // defaults (SUTRO_API_KEY, SUTRO_API_URL) without Config.String and Config.Redacted, which are Config.schema,
  // and which a bundle keeps even when the app only calls layer (esbuild keeps every member of a namespace
  // re-exported with `export * as`). On Effect 3, @effect/platform's HTTP modules bring Schema anyway.
  it.runIf(fetchAppWithoutSchema)("the jobs stream over fetch carries no module of Effect's Schema", async () => {
    const result = await bundle(fetchApp)
    expect(result.included).toContain(`packages/${line}/client/src/SutroClient.ts`)
    expect(result.included.filter((input) => /node_modules\/effect\/dist\/(esm\/)?Schema[A-Za-z]*\.js$/.test(input)))
      .toEqual([])
  })

  // What is checked here is that ours add none of their schemas: the page is decoded by the protocol's scanner
  // and explainer, and a status is built by a plain class.
  it("the jobs stream over fetch carries none of core's schemas (page decoding and statuses are not schemas)", async () => {
    const result = await bundle(fetchApp)
    const core = result.included.filter((input) => input.includes(`packages/${line}/core/src/`))
    expect(core).toContain(`packages/${line}/core/src/JobStatus.ts`)
    expect(result.included).toContain(`packages/${line}/client/src/internal/decode.ts`)
    expect(core.filter((input) => /\/(JobsPage|Job|Json|Timestamp|Cursor)\.ts$/.test(input))).toEqual([])
    for (const identifier of ["JobsPage", "Job", "JobStatus", "UnrecognizedJobStatus", "NextCursor"]) {
      expect(result.code).not.toContain(`identifier:"${identifier}"`)
    }
    expect(result.code).not.toContain("@sutro-effect/core/JobStatus/Unrecognized")
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

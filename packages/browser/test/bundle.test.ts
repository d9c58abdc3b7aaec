import { describe, expect, it } from "@effect/vitest"
import * as esbuild from "esbuild"
import * as path from "node:path"
import * as zlib from "node:zlib"

const root = path.resolve(__dirname, "../../..")
const src = (pkg: string) => path.join(root, "packages", pkg, "src", "index.ts")

describe("browser bundle", () => {
  it("bundles for the browser with no Node built-ins and no @effect/platform-node", async () => {
    const result = await esbuild.build({
      entryPoints: [path.join(root, "packages/browser/src/index.ts")],
      bundle: true,
      platform: "browser",
      format: "esm",
      minify: true,
      write: false,
      metafile: true,
      logLevel: "silent",
      alias: { "@sutro-effect/client": src("client"), "@sutro-effect/core": src("core") }
    })
    const inputs = Object.keys(result.metafile.inputs)
    expect(inputs.some((input) => input.includes("packages/client/src"))).toBe(true)
    expect(inputs.some((input) => input.includes("@effect/platform-browser"))).toBe(true)
    expect(inputs.filter((input) => /platform-node|undici|@effect\/cluster|@effect\/sql|@effect\/rpc/.test(input)))
      .toEqual([])
    const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports.map((i) => i.path))
    expect(imports).toEqual([])
    const code = result.outputFiles[0].text
    expect(code).not.toMatch(/from\s*"node:|require\("node:/)
    const gzip = zlib.gzipSync(code).length
    console.log(`@sutro-effect/browser bundle: ${code.length} bytes minified, ${gzip} bytes gzip`)
    // Not a size budget, only a sanity bound: Effect's floor with Schema and Stream is about 80 KB.
    expect(gzip).toBeLessThan(400_000)
  })

  it("fails to bundle a Node built-in for the browser (the check above has teeth)", async () => {
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

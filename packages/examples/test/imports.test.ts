// Why every example imports `effect/Effect` and not `{ Effect } from "effect"`: the same browser example,
// bundled both ways with esbuild (minified, gzip), as docs/benchmarks.md reports.
import { describe, expect, it } from "@effect/vitest"
import * as esbuild from "esbuild"
import * as fs from "node:fs"
import * as path from "node:path"
import * as zlib from "node:zlib"
import { examples } from "./helpers.js"

const file = path.join(examples, "src/browser-key.ts")
const deepImport = /^import \* as (\w+) from "effect\/(\w+)"\n/gm

/** The same module with its deep imports of effect turned into one import from the barrel. */
const withBarrelImports = (source: string) => {
  const names = Array.from(source.matchAll(deepImport), (match) => match[1])
  expect(names.length).toBeGreaterThan(0)
  return `import { ${names.join(", ")} } from "effect"\n` + source.replace(deepImport, "")
}

const bundle = async (contents: string) => {
  const result = await esbuild.build({
    stdin: { contents, resolveDir: path.dirname(file), loader: "ts", sourcefile: "example.ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent"
  })
  const inputs = Object.keys(result.metafile.inputs)
  expect(inputs.filter((input) => input.startsWith("node:") || input.includes("platform-node"))).toEqual([])
  const code = result.outputFiles[0].contents
  return {
    minified: code.length,
    gzip: zlib.gzipSync(code).length,
    effectModules: inputs.filter((i) => /\/effect\/dist\//.test(i)).length
  }
}

describe("deep imports", () => {
  it("the browser example bundles much smaller with deep imports than with the effect barrel", async () => {
    const source = fs.readFileSync(file, "utf8")
    const deep = await bundle(source)
    const barrel = await bundle(withBarrelImports(source))
    const kb = (bytes: number) => (bytes / 1024).toFixed(1)
    expect(barrel.effectModules).toBeGreaterThan(deep.effectModules)
    expect(barrel.gzip, `deep imports ${kb(deep.gzip)} KB gzip, barrel ${kb(barrel.gzip)} KB gzip`).toBeGreaterThan(
      deep.gzip * 1.25
    )
  })
})

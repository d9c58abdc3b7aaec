/**
 * `pnpm size`: what each way of listing jobs adds to a browser bundle (esbuild, minified, gzip).
 *
 * @since 0.1.0
 */
import * as esbuild from "esbuild"
import { fileURLToPath } from "node:url"
import { gzipSync } from "node:zlib"

const here = fileURLToPath(new URL(".", import.meta.url))

const entries: Record<string, string> = {
  "raw fetch loop": `
    export async function all(url, key) {
      const jobs = []
      let cursor = null
      do {
        const r = await fetch(url + "/list-jobs?limit=100" + (cursor ? "&cursor=" + encodeURIComponent(cursor) : ""), { headers: { authorization: "Key " + key } })
        const page = await r.json()
        jobs.push(...page.jobs)
        cursor = page.next_cursor
      } while (cursor)
      return jobs
    }`,
  "core schemas only": `
    import { JobsPage } from "@sutro-effect/core"
    import * as Schema from "effect/Schema"
    export const decode = Schema.decodeUnknownSync(JobsPage.JobsPage)`,
  "sutro-effect browser client (jobs stream)": `
    import { BrowserSutroClient } from "@sutro-effect/browser"
    import { SutroClient } from "@sutro-effect/client"
    import * as Effect from "effect/Effect"
    import * as Redacted from "effect/Redacted"
    import * as Stream from "effect/Stream"
    export const all = (key) => Effect.flatMap(SutroClient.SutroClient, (c) => Stream.runCollect(c.jobs())).pipe(
      Effect.provide(BrowserSutroClient.layer({ apiKey: Redacted.make(key) })),
      Effect.runPromise
    )`
}

console.log("| bundle | minified KB | gzip KB |")
console.log("|---|---:|---:|")
for (const [name, contents] of Object.entries(entries)) {
  const result = await esbuild.build({
    stdin: { contents, resolveDir: here, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true
  })
  const code = result.outputFiles[0].contents
  const nodeInputs = Object.keys(result.metafile.inputs).filter((input) =>
    input.startsWith("node:") || input.includes("platform-node")
  )
  if (nodeInputs.length > 0) throw new Error(`${name} pulls Node code into a browser bundle: ${nodeInputs.join(", ")}`)
  console.log(`| ${name} | ${(code.length / 1024).toFixed(1)} | ${(gzipSync(code).length / 1024).toFixed(1)} |`)
}

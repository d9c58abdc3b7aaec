/**
 * `pnpm size`: what each way of listing jobs adds to a browser bundle (esbuild, minified, gzip),
 * the floors under it, which of our modules the jobs-stream bundle carries, and that bundle against
 * its target (`SIZE_TARGET_KB`, default 90). Writes its block of docs/benchmarks.md unless
 * `BENCH_DOCS=0`.
 *
 * @since 0.1.0
 */
import * as esbuild from "esbuild"
import * as Fs from "node:fs"
import * as Os from "node:os"
import { fileURLToPath } from "node:url"
import { gzipSync } from "node:zlib"

const here = fileURLToPath(new URL(".", import.meta.url))
const docsPage = fileURLToPath(new URL("../../../docs/benchmarks.md", import.meta.url))
const targetKb = Number(process.env.SIZE_TARGET_KB ?? 90)

const jobsStream = (imports: string, layer: string) => `
    ${imports}
    import { SutroClient } from "@sutro-effect/client"
    import * as Effect from "effect/Effect"
    import * as Redacted from "effect/Redacted"
    import * as Stream from "effect/Stream"
    export const all = (key) => Effect.flatMap(SutroClient.SutroClient, (c) => Stream.runCollect(c.jobs())).pipe(
      Effect.provide(${layer}({ apiKey: Redacted.make(key) })),
      Effect.runPromise
    )`

const platformLoop = (decode: string, imports: string) => `
    import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
    import * as HttpClient from "@effect/platform/HttpClient"
    import * as Effect from "effect/Effect"
    import * as Option from "effect/Option"
    import * as Stream from "effect/Stream"
    ${imports}
    export const all = (url) => Effect.flatMap(HttpClient.HttpClient, (client) =>
      Stream.paginateChunkEffect(null, (cursor) =>
        client.get(url, { urlParams: cursor === null ? {} : { cursor } }).pipe(
          Effect.flatMap(${decode}),
          Effect.map((page) => [page.jobs, Option.fromNullable(page.next_cursor)])
        )
      ).pipe(Stream.runCollect)
    ).pipe(Effect.provide(FetchHttpClient.layer), Effect.runPromise)`

const target = "sutro-effect, fetch (jobs stream)"

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
  "core schemas only (`Schema.decodeUnknownSync(JobsPage)`)": `
    import { JobsPage } from "@sutro-effect/core"
    import * as Schema from "effect/Schema"
    export const decode = Schema.decodeUnknownSync(JobsPage.JobsPage)`,
  "`SutroError` alone (its classes are `Schema.TaggedError`)": `
    import { SutroError } from "@sutro-effect/core"
    export const errors = SutroError`,
  "core schemas + `SutroError`": `
    import { JobsPage, SutroError } from "@sutro-effect/core"
    import * as Schema from "effect/Schema"
    export const decode = Schema.decodeUnknownSync(JobsPage.JobsPage)
    export const errors = SutroError`,
  "floor: HttpClient (fetch) + Stream, JSON, no schema": platformLoop("(response) => response.json", ""),
  "floor: HttpClient (fetch) + Stream + core's `JobsPage` schema": platformLoop(
    "HttpClientResponse.schemaBodyJson(JobsPage.JobsPage)",
    `import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
     import { JobsPage } from "@sutro-effect/core"`
  ),
  [target]: jobsStream(`import { BrowserSutroClient } from "@sutro-effect/browser"`, "BrowserSutroClient.layer"),
  "sutro-effect, XHR (jobs stream, `@sutro-effect/browser/Xhr`)": jobsStream(
    `import * as Xhr from "@sutro-effect/browser/Xhr"`,
    "Xhr.layer"
  )
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1)
const rows: Array<string> = []
let targetGzip = 0
let ours: Array<[string, number]> = []
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
  const inputs = Object.values(result.metafile.outputs)[0].inputs
  const nodeInputs = Object.keys(inputs).filter((input) => input.startsWith("node:") || input.includes("platform-node"))
  if (nodeInputs.length > 0) throw new Error(`${name} pulls Node code into a browser bundle: ${nodeInputs.join(", ")}`)
  const gzip = gzipSync(code).length
  rows.push(`| ${name} | ${kb(code.length)} | ${kb(gzip)} |`)
  if (name === target) {
    targetGzip = gzip
    ours = Object.entries(inputs)
      .filter(([input]) => /(^|\/)packages\/[^/]+\/src\//.test(input) || input.startsWith("../"))
      .map(([input, { bytesInOutput }]): [string, number] => [
        input.replace(/^.*?packages\//, "").replace(/^\.\.\//, ""),
        bytesInOutput
      ])
      .filter(([, bytes]) => bytes > 0)
      .sort((a, b) => b[1] - a[1])
  }
}

const met = targetGzip / 1024 <= targetKb
const oursTotal = ours.reduce((sum, [, bytes]) => sum + bytes, 0)
const text = [
  `esbuild ${esbuild.version}, \`platform: "browser"\`, minified ESM, gzip (zlib default level); KB = 1024 bytes. ` +
  `Node ${process.version}, ${Os.cpus()[0]?.model.trim() ?? "unknown CPU"}.`,
  "",
  "| bundle | minified KB | gzip KB |",
  "|---|---:|---:|",
  ...rows,
  "",
  `Target (issue 11): the jobs-stream bundle over fetch at <= ${targetKb} KB gzip; measured ${kb(targetGzip)} KB ` +
  `(${met ? "met" : "not met"}).`,
  "",
  `Our own modules in that bundle (minified bytes before gzip, ${kb(oursTotal)} KB in all; the rest is Effect and ` +
  "`@effect/platform`):",
  "",
  "| module | minified bytes |",
  "|---|---:|",
  ...ours.map(([input, bytes]) => `| ${input} | ${bytes} |`)
].join("\n")

console.log(text)
if (process.env.BENCH_DOCS !== "0") {
  const begin = "<!-- bench:size:begin -->"
  const end = "<!-- bench:size:end -->"
  const page = Fs.readFileSync(docsPage, "utf8")
  const from = page.indexOf(begin)
  const to = page.indexOf(end)
  if (from < 0 || to < from) throw new Error(`docs/benchmarks.md has no ${begin} ... ${end} block`)
  Fs.writeFileSync(docsPage, `${page.slice(0, from + begin.length)}\n${text}\n${page.slice(to)}`)
}

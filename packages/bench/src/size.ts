/**
 * `pnpm size`: what each way of listing jobs adds to a browser bundle (esbuild, minified, gzip),
 * the floors under it, which of our modules the jobs-stream bundle carries, and that bundle against
 * its target on each line (`SIZE_TARGET_KB_EFFECT3`, default 90, and `SIZE_TARGET_KB_EFFECT4`, default 60): the Effect 3 line's entries are bundled
 * here (imports resolve through this package, on the Effect 3 line), the Effect 4 line's by
 * packages/effect4/bench's size.js, run as a child process. Writes its block of docs/benchmarks.md
 * unless `BENCH_DOCS=0`.
 *
 * @since 0.1.0
 */
import * as esbuild from "esbuild"
import { spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import { fileURLToPath } from "node:url"
import { gzipSync } from "node:zlib"

const here = fileURLToPath(new URL(".", import.meta.url))
const docsPage = fileURLToPath(new URL("../../../docs/benchmarks.md", import.meta.url))
const targetKb = {
  effect3: Number(process.env.SIZE_TARGET_KB_EFFECT3 ?? 90),
  effect4: Number(process.env.SIZE_TARGET_KB_EFFECT4 ?? 60)
}

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
  "`SutroError` alone (the whole namespace, its union schema included)": `
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

interface Bundle {
  readonly name: string
  readonly minified: number
  readonly gzip: number
}

/** What packages/effect4/bench/dist/size.js prints (its `Report`). */
interface Report {
  readonly esbuild: string
  readonly bundles: ReadonlyArray<Bundle>
  readonly target: string
  readonly ours: ReadonlyArray<readonly [string, number]>
}

const bundles: Array<Bundle> = []
let ours: ReadonlyArray<readonly [string, number]> = []
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
  bundles.push({ name, minified: code.length, gzip: gzipSync(code).length })
  if (name === target) {
    ours = Object.entries(inputs)
      .filter(([input]) => !input.includes("node_modules/"))
      .map(([input, { bytesInOutput }]) => [input.replace(/^.*?packages\//, ""), bytesInOutput] as const)
      .filter(([input, bytes]) => bytes > 0 && input !== "<stdin>")
  }
}

// The Effect 4 line's entries resolve through packages/effect4/bench (a package cannot depend on both
// lines under the same names). Bundling runs nothing of Effect 4, so any Node will do.
const effect4Size = fileURLToPath(new URL("../../effect4/bench/dist/size.js", import.meta.url))
const run = spawnSync(process.execPath, [effect4Size], { encoding: "utf8", maxBuffer: 16 * 2 ** 20 })
if (run.status !== 0) throw new Error(`${effect4Size} failed: ${run.stderr}`)
const effect4 = JSON.parse(run.stdout.trim().split("\n").pop()!) as Report
if (effect4.esbuild !== esbuild.version) {
  throw new Error(`the Effect 4 entries were bundled by esbuild ${effect4.esbuild}, these by ${esbuild.version}`)
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1)
const gzipOf = (list: ReadonlyArray<Bundle>, name: string) => list.find((bundle) => bundle.name === name)?.gzip ?? 0
const lines = [
  { name: "Effect 3 line", target: gzipOf(bundles, target), targetKb: targetKb.effect3 },
  { name: "Effect 4 line", target: gzipOf(effect4.bundles, effect4.target), targetKb: targetKb.effect4 }
]
const cells = (bundle: Bundle | undefined) => bundle === undefined ? ["—", "—"] : [kb(bundle.minified), kb(bundle.gzip)]
const names = [...new Set([...bundles, ...effect4.bundles].map((bundle) => bundle.name))]
const rows = names.map((name) =>
  `| ${
    [
      name,
      ...cells(bundles.find((bundle) => bundle.name === name)),
      ...cells(effect4.bundles.find((bundle) => bundle.name === name))
    ].join(" | ")
  } |`
)

// One row per module of ours, either line: `effect3/core/dist/SutroError.js` and
// `effect4/core/dist/SutroError.js` are both `core/SutroError`.
const moduleName = (input: string) =>
  input.replace(/^effect[34]\//, "").replace(/\/(?:dist|src)\//, "/").replace(/\.[jt]s$/, "")
const byModule = new Map<string, [number, number]>()
for (const [index, list] of [ours, effect4.ours].entries()) {
  for (const [input, bytes] of list) {
    const sizes = byModule.get(moduleName(input)) ?? [0, 0]
    sizes[index] += bytes
    byModule.set(moduleName(input), sizes)
  }
}
const modules = [...byModule].sort((a, b) => Math.max(b[1][0], b[1][1]) - Math.max(a[1][0], a[1][1]))
const total = (index: 0 | 1) => modules.reduce((sum, [, sizes]) => sum + sizes[index], 0)
const bytes = (n: number) => (n === 0 ? "—" : String(n))

const text = [
  `esbuild ${esbuild.version}, \`platform: "browser"\`, minified ESM, gzip (zlib default level); KB = 1024 bytes. ` +
  `Node ${process.version}, ${Os.cpus()[0]?.model.trim() ?? "unknown CPU"}. Each line's entries import the same ` +
  "modules by the same names, resolved to that line's packages and Effect (`effect` 3 and `@effect/platform`, or " +
  "`effect` 4, whose HTTP client is `effect/http`).",
  "",
  "| bundle | Effect 3 line: minified KB | gzip KB | Effect 4 line: minified KB | gzip KB |",
  "|---|---:|---:|---:|---:|",
  ...rows,
  "",
  "—: not in that line's bundle; the Effect 4 line has no XHR layer (`@sutro-effect/browser` 1.x is fetch only).",
  "",
  "Target: the jobs-stream bundle over fetch at most " +
  lines.map((line) => `${line.targetKb} KB gzip on the ${line.name}`).join(" and ") + "; measured " +
  lines.map((line) =>
    `${kb(line.target)} KB on the ${line.name}, ${line.target / 1024 <= line.targetKb ? "met" : "not met"}`
  )
    .join("; ") +
  ".",
  "",
  `Our own modules in that bundle (minified bytes before gzip; ${kb(total(0))} KB in all on the Effect 3 line, ` +
  `${kb(total(1))} KB on the Effect 4 line; the rest is Effect, and \`@effect/platform\` on the Effect 3 line):`,
  "",
  "| module | Effect 3 line bytes | Effect 4 line bytes |",
  "|---|---:|---:|",
  ...modules.map(([name, [three, four]]) => `| ${name} | ${bytes(three)} | ${bytes(four)} |`)
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

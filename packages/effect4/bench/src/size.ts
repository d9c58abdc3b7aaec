/**
 * The Effect 4 line's side of `pnpm size`: bundles the Effect 4 entries (the Effect 3 line's, where
 * the line has the same thing) with the settings of packages/bench's size.ts (esbuild, `platform:
 * "browser"`, minified ESM, gzip), resolving `effect` and `@sutro-effect/*` from this package, and
 * prints one JSON line, a {@link Report}, which that size.ts writes beside the Effect 3 figures.
 * Fails if a bundle pulls in Node code.
 *
 * @since 1.0.0
 */
import * as esbuild from "esbuild"
import { fileURLToPath } from "node:url"
import { gzipSync } from "node:zlib"

/**
 * One bundle: its size minified and gzipped, in bytes.
 *
 * @since 1.0.0
 * @category models
 */
export interface Bundle {
  readonly name: string
  readonly minified: number
  readonly gzip: number
}

/**
 * What this script prints.
 *
 * @since 1.0.0
 * @category models
 */
export interface Report {
  readonly esbuild: string
  readonly bundles: ReadonlyArray<Bundle>
  /** The jobs-stream bundle over fetch, the one with a target. */
  readonly target: string
  /** Our own modules in the target bundle, with their minified bytes, largest first. */
  readonly ours: ReadonlyArray<readonly [string, number]>
}

// Inside dist/ (or src/, run from sources): the imports resolve through this package's node_modules.
const here = fileURLToPath(new URL(".", import.meta.url))

const target = "sutro-effect, fetch (jobs stream)"

// Names as in packages/bench's size.ts, so the two lines' figures share a row. The Effect 4 line has
// no XHR layer: that row is the Effect 3 line's alone.
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
  "floor: HttpClient (fetch) + Stream, JSON, no schema": floor("(response) => response.json", ""),
  "floor: HttpClient (fetch) + Stream + core's `JobsPage` schema": floor(
    "HttpClientResponse.schemaBodyJson(JobsPage.JobsPage)",
    `import * as HttpClientResponse from "effect/http/HttpClientResponse"
     import { JobsPage } from "@sutro-effect/core"`
  ),
  [target]: `
    import { BrowserSutroClient } from "@sutro-effect/browser"
    import { SutroClient } from "@sutro-effect/client"
    import * as Effect from "effect/Effect"
    import * as Redacted from "effect/Redacted"
    import * as Stream from "effect/Stream"
    export const all = (key) => Effect.flatMap(Effect.service(SutroClient.SutroClient), (c) => Stream.runCollect(c.jobs())).pipe(
      Effect.provide(BrowserSutroClient.layer({ apiKey: Redacted.make(key) })),
      Effect.runPromise
    )`
}

/** The floor under sutro-effect in a browser: Effect 4's fetch `HttpClient` and a paginated Stream. */
function floor(decode: string, imports: string): string {
  return `
    import * as FetchHttpClient from "effect/http/FetchHttpClient"
    import * as HttpClient from "effect/http/HttpClient"
    import * as Effect from "effect/Effect"
    import * as Option from "effect/Option"
    import * as Stream from "effect/Stream"
    ${imports}
    export const all = (url) => Effect.flatMap(Effect.service(HttpClient.HttpClient), (client) =>
      Stream.paginate(null, (cursor) =>
        client.get(url, { urlParams: cursor === null ? {} : { cursor } }).pipe(
          Effect.flatMap(${decode}),
          Effect.map((page) => [page.jobs, Option.fromNullishOr(page.next_cursor)])
        )
      ).pipe(Stream.runCollect)
    ).pipe(Effect.provide(FetchHttpClient.layer), Effect.runPromise)`
}

const bundles: Array<Bundle> = []
let ours: Array<readonly [string, number]> = []
for (const [name, contents] of Object.entries(entries)) {
  const result = await esbuild.build({
    stdin: { contents, resolveDir: here, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent"
  })
  const code = result.outputFiles[0].contents
  const inputs = Object.values(result.metafile.outputs)[0].inputs
  const nodeInputs = Object.keys(inputs).filter((input) => input.startsWith("node:") || input.includes("platform-node"))
  if (nodeInputs.length > 0) {
    throw new Error(`${name} (Effect 4) pulls Node code into a browser bundle: ${nodeInputs.join(", ")}`)
  }
  bundles.push({ name, minified: code.length, gzip: gzipSync(code).length })
  if (name === target) {
    ours = Object.entries(inputs)
      .filter(([input]) => !input.includes("node_modules/"))
      .map(([input, { bytesInOutput }]) => [input.replace(/^.*?packages\//, ""), bytesInOutput] as const)
      .filter(([input, bytes]) => bytes > 0 && input !== "<stdin>")
      .sort((a, b) => b[1] - a[1])
  }
}

const report: Report = { esbuild: esbuild.version, bundles, target, ours }
console.log(JSON.stringify(report))

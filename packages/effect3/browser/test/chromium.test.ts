// The browser package in a real browser: Debian's Chromium (driven by playwright-core) loads a page
// from one loopback origin and calls the emulator on another, so every request is cross-origin and
// the Authorization header needs a CORS preflight.
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import type * as Emulator from "@sutro-effect/emulator/Emulator"
import * as EmulatorServer from "@sutro-effect/emulator/Server"
import * as esbuild from "esbuild"
import * as Fs from "node:fs"
import * as Http from "node:http"
import * as Net from "node:net"
import * as Path from "node:path"
import { type Browser, chromium, type Page } from "playwright-core"
import { type Transport, transports } from "./compat.js"
import type { SutroTestApi } from "./fixtures/chromium-entry.js"

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"
const wrongKey = "sk_wrong_4f1d9c2a7be3"

declare const window: { readonly sutroTest: SutroTestApi }

const bundle = async (): Promise<string> => {
  const result = await esbuild.build({
    entryPoints: [Path.join(__dirname, "fixtures/chromium-entry.ts")],
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    write: false,
    logLevel: "silent",
    // The "sutro-source" condition of the workspace packages' exports points at their sources.
    conditions: ["sutro-source"]
  })
  return result.outputFiles[0].text
}

const html = "<!doctype html><html><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\">" +
  "<script type=\"module\" src=\"/app.js\"></script></head><body>sutro-effect browser test</body></html>"

/** Origin B: the app's page, its script and its `/key` backend. */
const serveApp = (script: string, key: string) =>
  new Promise<{ readonly server: Http.Server; readonly url: string; readonly keyRequests: () => number }>(
    (resolve, reject) => {
      let keyRequests = 0
      const server = Http.createServer((req, res) => {
        const path = new URL(req.url ?? "/", "http://app.invalid").pathname
        if (path === "/") {
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html)
        } else if (path === "/app.js") {
          res.writeHead(200, { "content-type": "text/javascript; charset=utf-8" }).end(script)
        } else if (path === "/key") {
          keyRequests++
          res.writeHead(200, { "content-type": "text/plain", "cache-control": "no-store" }).end(key)
        } else {
          res.writeHead(404, { "content-type": "text/plain" }).end("not found")
        }
      })
      server.once("error", reject)
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as Net.AddressInfo
        resolve({ server, url: `http://127.0.0.1:${port}`, keyRequests: () => keyRequests })
      })
    }
  )

const closeServer = (server: Http.Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })

/**
 * Origin C: a raw server that sends interim responses (an unsolicited `100 Continue`, then
 * `103 Early Hints`) before each final response to a GET, as RFC 9110 §15.2 allows.
 */
const serveInterim = (jobs: ReadonlyArray<unknown>) =>
  new Promise<{ readonly close: () => Promise<void>; readonly url: string; readonly gets: () => number }>(
    (resolve, reject) => {
      let gets = 0
      const sockets = new Set<Net.Socket>()
      const server = Net.createServer((socket) => {
        sockets.add(socket)
        socket.on("close", () => sockets.delete(socket))
        let buffered = ""
        socket.setEncoding("latin1")
        socket.on("error", () => socket.destroy())
        socket.on("data", (chunk: string) => {
          buffered += chunk
          for (let end = buffered.indexOf("\r\n\r\n"); end !== -1; end = buffered.indexOf("\r\n\r\n")) {
            const head = buffered.slice(0, end)
            buffered = buffered.slice(end + 4)
            const header = (name: string) => new RegExp(`^${name}:[ \t]*(.*)$`, "im").exec(head)?.[1]?.trim()
            const cors = `access-control-allow-origin: ${header("origin") ?? "*"}\r\nvary: Origin\r\n`
            if (head.startsWith("OPTIONS ")) {
              socket.write(
                `HTTP/1.1 204 No Content\r\n${cors}access-control-allow-methods: GET\r\n` +
                  `access-control-allow-headers: ${header("access-control-request-headers") ?? "authorization"}\r\n` +
                  `content-length: 0\r\n\r\n`
              )
              continue
            }
            gets++
            const body = JSON.stringify({ jobs, next_cursor: null })
            socket.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nx-hint: 1\r\n\r\n")
            setTimeout(() =>
              socket.write(
                `HTTP/1.1 200 OK\r\n${cors}content-type: application/json\r\n` +
                  `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
              ), 20)
          }
        })
      })
      server.once("error", reject)
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as Net.AddressInfo
        const close = () =>
          new Promise<void>((done) => {
            server.close(() => done())
            for (const socket of sockets) socket.destroy()
          })
        resolve({ close, url: `http://127.0.0.1:${port}`, gets: () => gets })
      })
    }
  )

describe("BrowserSutroClient in Chromium, cross-origin against the emulator", () => {
  let emulator: EmulatorServer.Handle | undefined
  let app: Awaited<ReturnType<typeof serveApp>> | undefined
  let browser: Browser | undefined
  let page: Page
  const consoleErrors: Array<string> = []
  const outside: Array<string> = []
  /** What Chromium says issued each request to the emulator: "fetch" or "xhr". */
  let emulatorRequestTypes: Array<string> = []
  const takeRequestTypes = () => {
    const types = emulatorRequestTypes
    emulatorRequestTypes = []
    return types
  }

  const jobIds = async () => (await emulator!.jobs()).map((job) => job.job_id)

  beforeAll(async () => {
    if (!Fs.existsSync(chromiumPath)) {
      throw new Error(
        `Chromium not found at ${chromiumPath}: install Debian's chromium or set CHROMIUM_PATH`
      )
    }
    // Origin A: the emulator.
    emulator = await EmulatorServer.start({ jobs: 300, seed: 11 })
    const emulatorOrigin = new URL(emulator.url).origin
    app = await serveApp(await bundle(), emulator.apiKey)
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage"
      ]
    })
    page = await browser.newPage()
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(`${message.text()} (${message.location().url})`)
    })
    page.on("pageerror", (error) => consoleErrors.push(`uncaught: ${error.message}`))
    // Nothing may leave the machine. Observed rather than intercepted: with `page.route` active,
    // Playwright answers CORS preflights itself and the emulator would never see them.
    page.on("request", (request) => {
      const url = new URL(request.url())
      if (url.protocol !== "data:" && url.hostname !== "127.0.0.1") outside.push(request.url())
      if (url.origin === emulatorOrigin && request.method() === "GET") {
        emulatorRequestTypes.push(request.resourceType())
      }
    })
    await page.goto(`${app.url}/`)
    await page.waitForFunction(() => "sutroTest" in window, undefined, { timeout: 10_000 })
  }, 30_000)

  afterAll(async () => {
    try {
      await browser?.close()
    } finally {
      if (app !== undefined) await closeServer(app.server)
      await emulator?.close()
    }
  })

  /** The requests the emulator received since the last call, and clears its log. */
  const takeLog = async () => {
    takeRequestTypes()
    const log = await emulator!.requestLog()
    await emulator!.clearRequestLog()
    return log
  }

  /** Every GET was authorized and answered 200, and a preflight (OPTIONS, no credentials) came first. */
  const expectPreflightedAndAuthorized = (log: ReadonlyArray<Emulator.LoggedRequest>, gets: number) => {
    const got = log.filter((entry) => entry.method === "GET")
    const preflights = log.filter((entry) => entry.method === "OPTIONS")
    expect(got).toHaveLength(gets)
    expect(got.every((entry) => entry.authorized && entry.status === 200)).toBe(true)
    expect(log.every((entry) => entry.method === "GET" || entry.method === "OPTIONS")).toBe(true)
    expect(preflights.length).toBeGreaterThan(0)
    expect(preflights.every((entry) => !entry.authorized && entry.status === 204)).toBe(true)
    // Each URL is new to Chromium's preflight cache, so each GET was preflighted first.
    got.forEach((entry) => {
      const before = log.slice(0, log.indexOf(entry))
      expect(before.some((p) => p.method === "OPTIONS" && JSON.stringify(p.query) === JSON.stringify(entry.query)))
        .toBe(true)
    })
  }

  it("the page and the emulator are different origins", () => {
    expect(new URL(app!.url).origin).not.toBe(new URL(emulator!.url).origin)
    expect(page.url().startsWith(app!.url)).toBe(true)
  })

  // Each transport walks with its own page size, so its URLs are new to Chromium's preflight cache.
  const walks: Record<Transport, { readonly layer: string; readonly pageSize: number; readonly gets: number }> = {
    fetch: { layer: "layer (fetch)", pageSize: 50, gets: 6 },
    xhr: { layer: "Xhr.layer (XMLHttpRequest, @sutro-effect/browser/Xhr)", pageSize: 40, gets: 8 }
  }

  for (const over of transports) {
    const { gets, layer, pageSize } = walks[over]
    it(`${layer}: walks every job, in the emulator's order, with preflighted authorized requests`, async () => {
      await takeLog()
      const ids = await page.evaluate(
        ({ key, over, pageSize, url }) => window.sutroTest.walk(over, url, key, pageSize),
        {
          url: emulator!.url,
          key: emulator!.apiKey,
          over,
          pageSize
        }
      )
      expect(ids).toEqual(await jobIds())
      expect(ids).toHaveLength(300)
      expect(takeRequestTypes()).toEqual(Array(gets).fill(over))
      const log = await takeLog()
      expectPreflightedAndAuthorized(log, gets)
      expect(log.filter((entry) => entry.method === "GET").map((entry) => entry.query.limit)).toEqual(
        Array(gets).fill(String(pageSize))
      )
    })
  }

  it("an apiKey effect fetches a short-lived key from the app's own origin before the request", async () => {
    await takeLog()
    const before = app!.keyRequests()
    const result = await page.evaluate((url) => window.sutroTest.firstPageWithFetchedKey(url, 7), emulator!.url)
    expect(result.ids).toEqual((await jobIds()).slice(0, 7))
    expect(result.keyFetches).toBe(1)
    expect(app!.keyRequests() - before).toBe(1)
    const log = await takeLog()
    expect(log.filter((entry) => entry.method === "GET")).toMatchObject([
      { authorized: true, status: 200, query: { limit: "7" } }
    ])
  })

  for (const over of transports) {
    it(`a wrong key fails with AuthenticationError over ${over}, and the key appears nowhere in it`, async () => {
      await takeLog()
      const error = await page.evaluate(
        ({ key, over, url }) => window.sutroTest.wrongKey(url, key, over),
        { url: emulator!.url, key: wrongKey, over }
      )
      expect(error._tag).toBe("AuthenticationError")
      expect(error.message).toContain("401")
      for (const text of [error.message, error.json, error.pretty]) {
        expect(text).not.toContain(wrongKey)
        expect(text).not.toContain(wrongKey.slice(3))
      }
      // Sent once (a 401 is not retried), with the header, and refused.
      expect((await takeLog()).filter((entry) => entry.method === "GET")).toMatchObject([
        { authorized: true, status: 401 }
      ])
    })
  }

  // Node's fetch and undici refuse an unsolicited 100 (the Node layers skip interim responses
  // themselves); a browser's network stack skips them, for fetch and XMLHttpRequest alike.
  for (const over of transports) {
    it(`interim 1xx responses before the final one are skipped over ${over}`, async () => {
      const jobs = (await emulator!.jobs()).slice(0, 3)
      const interim = await serveInterim(jobs)
      try {
        const ids = await page.evaluate(
          ({ key, over, url }) => window.sutroTest.walk(over, url, key, 10),
          { url: interim.url, key: emulator!.apiKey, over }
        )
        expect(ids).toEqual(jobs.map((job) => job.job_id))
        // Once: no retry.
        expect(interim.gets()).toBe(1)
      } finally {
        await interim.close()
      }
    })
  }

  it("the page requested nothing outside 127.0.0.1 and logged no unexpected console errors", () => {
    expect(outside).toEqual([])
    // Chromium reports every failed response in the console; the wrong-key tests cause one 401 each on purpose.
    const unauthorized = /Failed to load resource: the server responded with a status of 401/
    // Nothing else: in particular no "Refused to set unsafe header" from XMLHttpRequest, which the
    // browser layers avoid by leaving the User-Agent to the browser.
    expect(consoleErrors.filter((text) => !unauthorized.test(text))).toEqual([])
    expect(consoleErrors.filter((text) => unauthorized.test(text))).toHaveLength(transports.length)
  })
})
// @generated by scripts/one-source.mjs from packages/effect4/browser/test/chromium.test.ts: edit that file, then run `pnpm one-source`

import * as Command from "@effect/cli/Command"
import * as NodeContext from "@effect/platform-node/NodeContext"
import { afterEach, beforeEach, describe, expect, it, vi } from "@effect/vitest"
import { EmulatorCli } from "@sutro-effect/emulator"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import { auth, request } from "./helpers.js"

const cli = Command.run(EmulatorCli.command, { name: "sutro-emulator", version: "0.1.0" })
const run = (...args: Array<string>) => cli(["node", "sutro-emulator", ...args]).pipe(Effect.provide(NodeContext.layer))

let printed: Array<string> = []
beforeEach(() => {
  printed = []
  vi.spyOn(console, "log").mockImplementation((...args: Array<unknown>) => void printed.push(args.join(" ")))
})
afterEach(() => {
  vi.restoreAllMocks()
})

describe("sutro-emulator", () => {
  it.live("--help documents every flag", () =>
    Effect.gen(function*() {
      yield* run("--help")
      const help = printed.join("\n")
      for (
        const flag of [
          "--host",
          "--port",
          "--jobs",
          "--seed",
          "--now",
          "--data",
          "--api-key",
          "--latency",
          "--fault-rate",
          "--no-compress"
        ]
      ) {
        expect(help).toContain(flag)
      }
      expect(help).toContain("sutro-emulator")
    }))

  it.live("seeds the jobs back from when it starts (the library's default is fixed), so --since 7d finds some", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(run("--port", "0", "--jobs", "50"))
      let url: string | undefined
      for (let i = 0; i < 200 && url === undefined; i++) {
        yield* Effect.sleep("20 millis")
        url = /listening on (http:\/\/\S+)/.exec(printed.join("\n"))?.[1]
      }
      const reply = yield* request(`${url}/list-jobs`, { headers: auth("sk_emulator") })
      const age = Date.now() - Date.parse(JSON.parse(reply.text).jobs[0].datetime_created)
      expect(age).toBeGreaterThanOrEqual(0)
      expect(age).toBeLessThan(11 * 60_000)
      yield* Fiber.interrupt(fiber)
    }))

  it.live("serves with the given flags, prints the URL and key, and stops when interrupted", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(
        run("--port", "0", "--jobs", "42", "--seed", "7", "--api-key", "sk_a", "--api-key", "sk_b", "--latency", "1")
      )
      let url: string | undefined
      for (let i = 0; i < 200 && url === undefined; i++) {
        yield* Effect.sleep("20 millis")
        url = /listening on (http:\/\/\S+)/.exec(printed.join("\n"))?.[1]
      }
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(printed.join("\n")).toContain("API key: sk_a")
      const reply = yield* request(`${url}/list-jobs`, { headers: auth("sk_b") })
      expect(reply.status).toBe(200)
      expect(JSON.parse(reply.text).jobs).toHaveLength(42)
      yield* Fiber.interrupt(fiber)
      const error = yield* Effect.flip(request(`${url}/list-jobs`, { headers: auth("sk_b") }))
      expect(error.code).toBe("ECONNREFUSED")
    }))

  it.live("compresses by Accept-Encoding, and --no-compress turns it off", () =>
    Effect.gen(function*() {
      const served = (...args: Array<string>) =>
        Effect.gen(function*() {
          printed = []
          const fiber = yield* Effect.fork(run("--port", "0", "--jobs", "20", ...args))
          let url: string | undefined
          for (let i = 0; i < 200 && url === undefined; i++) {
            yield* Effect.sleep("20 millis")
            url = /listening on (http:\/\/\S+)/.exec(printed.join("\n"))?.[1]
          }
          const reply = yield* request(`${url}/list-jobs`, {
            headers: { ...auth("sk_emulator"), "accept-encoding": "gzip" }
          })
          yield* Fiber.interrupt(fiber)
          return reply.headers["content-encoding"]
        })
      expect(yield* served()).toBe("gzip")
      expect(yield* served("--no-compress")).toBeUndefined()
    }))

  it.live("fails on a --data file that is not a list of jobs", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(run("--port", "0", "--data", "package.json"))
      expect(exit._tag).toBe("Failure")
      expect(String(exit._tag === "Failure" && exit.cause)).toContain("EmulatorError")
    }))

  it.live("--now seeds the jobs back from that time, and a --now that is not a date is a usage error", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(run("--port", "0", "--jobs", "5", "--now", "2024-03-01T12:00:00Z"))
      let url: string | undefined
      for (let i = 0; i < 200 && url === undefined; i++) {
        yield* Effect.sleep("20 millis")
        url = /listening on (http:\/\/\S+)/.exec(printed.join("\n"))?.[1]
      }
      const reply = yield* request(`${url}/list-jobs`, { headers: auth("sk_emulator") })
      const newest = Date.parse(JSON.parse(reply.text).jobs[0].datetime_created)
      expect(newest).toBeLessThanOrEqual(Date.UTC(2024, 2, 1, 12))
      expect(newest).toBeGreaterThan(Date.UTC(2024, 2, 1, 12) - 11 * 60_000)
      yield* Fiber.interrupt(fiber)
      const exit = yield* Effect.exit(run("--port", "0", "--now", "soon"))
      expect(exit._tag).toBe("Failure")
      expect(String(exit._tag === "Failure" && exit.cause)).toContain("--now must be an ISO 8601 date")
    }))
})

import { NodeContext } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as Settings from "../src/Settings.js"

const none: Settings.Flags = { apiUrl: Option.none(), apiKey: Option.none() }
const file: Settings.ConfigFile = {
  path: "/home/x/.sutro/config.json",
  apiUrl: "https://file.example",
  apiKey: Redacted.make("sk_file")
}
const key = (s: Settings.Settings) => s.apiKey === undefined ? undefined : Redacted.value(s.apiKey)

describe("Settings", () => {
  it("takes flags over the environment over the config file, each value on its own", () => {
    const env = { SUTRO_API_URL: "https://env.example", SUTRO_API_KEY: "sk_env" }
    const flags = { apiUrl: Option.some("https://flag.example"), apiKey: Option.some(Redacted.make("sk_flag")) }
    const all = Settings.resolve({ flags, env, file })
    expect([all.apiUrl, all.apiUrlSource, key(all), all.apiKeySource]).toEqual([
      "https://flag.example",
      "flag",
      "sk_flag",
      "flag"
    ])
    const envOnly = Settings.resolve({ flags: none, env, file })
    expect([envOnly.apiUrl, key(envOnly), envOnly.apiKeySource]).toEqual([
      "https://env.example",
      "sk_env",
      "environment"
    ])
    const mixed = Settings.resolve({ flags: none, env: { SUTRO_API_URL: "https://env.example" }, file })
    expect([mixed.apiUrl, mixed.apiUrlSource, key(mixed), mixed.apiKeySource]).toEqual([
      "https://env.example",
      "environment",
      "sk_file",
      "config file"
    ])
    const nothing = Settings.resolve({ flags: none, env: {}, file: undefined })
    expect([nothing.apiUrl, nothing.apiUrlSource, nothing.apiKey]).toEqual([undefined, "default", undefined])
  })

  it("treats blank values as unset", () => {
    const s = Settings.resolve({ flags: none, env: { SUTRO_API_URL: " ", SUTRO_API_KEY: "" }, file })
    expect([s.apiUrl, key(s)]).toEqual(["https://file.example", "sk_file"])
  })

  it("parses the config file with its schema, refusing what is not a JSON object of strings", () => {
    const detail = (text: string) =>
      Either.match(Settings.parseConfigFile("/c.json", text), { onLeft: (e) => e.detail, onRight: () => "parsed" })
    expect(detail("{nope")).toBe("/c.json is not valid JSON; fix it or remove it")
    expect(detail("[]")).toBe("/c.json must hold a JSON object with api_url and api_key")
    expect(detail("null")).toBe("/c.json must hold a JSON object with api_url and api_key")
    expect(detail("{\"api_key\": 5}")).toBe("api_key in /c.json must be a string")
    expect(detail("{\"api_url\": [\"sk_in_a_list\"]}")).toBe("api_url in /c.json must be a string")
    const parsed = Either.getOrThrow(Settings.parseConfigFile("/c.json", "{\"api_url\": \"u\", \"other\": 1}"))
    expect(parsed).toEqual({ path: "/c.json", apiUrl: "u", apiKey: undefined })
    const withKey = Either.getOrThrow(Settings.parseConfigFile("/c.json", "{\"api_key\": \"sk_f\", \"api_url\": null}"))
    expect(withKey.apiUrl).toBeUndefined()
    expect(withKey.apiKey !== undefined && Redacted.isRedacted(withKey.apiKey) && Redacted.value(withKey.apiKey)).toBe(
      "sk_f"
    )
  })

  it.effect("loads the environment and $HOME/.sutro/config.json", () =>
    Effect.gen(function*() {
      const home = fs.mkdtempSync(path.join(os.tmpdir(), "sutro-home-"))
      fs.mkdirSync(path.join(home, ".sutro"))
      fs.writeFileSync(
        path.join(home, ".sutro", "config.json"),
        JSON.stringify({ api_url: "https://f", api_key: "sk_f" })
      )
      const load = (env: Record<string, string>) =>
        Settings.load(none).pipe(Effect.withConfigProvider(ConfigProvider.fromJson({ HOME: home, ...env })))
      const fromFile = yield* load({})
      expect([fromFile.apiUrl, key(fromFile), fromFile.configFile]).toEqual([
        "https://f",
        "sk_f",
        path.join(home, ".sutro", "config.json")
      ])
      const fromEnv = yield* load({ SUTRO_API_KEY: "sk_e" })
      expect([fromEnv.apiUrl, key(fromEnv)]).toEqual(["https://f", "sk_e"])
      fs.writeFileSync(path.join(home, ".sutro", "config.json"), "not json")
      const broken = yield* Effect.flip(load({}))
      expect(broken.reason).toBe("InvalidOption")
      // Not read at all when flags and environment give both values.
      const skipped = yield* load({ SUTRO_API_URL: "https://e", SUTRO_API_KEY: "sk_e" })
      expect(skipped.configFile).toBeUndefined()
      fs.rmSync(home, { recursive: true })
    }).pipe(Effect.provide(NodeContext.layer)))
})

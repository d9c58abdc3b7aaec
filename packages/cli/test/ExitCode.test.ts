import { describe, expect, it } from "@effect/vitest"
import { SutroError } from "@sutro-effect/core"
import * as ExitCode from "../src/ExitCode.js"

const url = "https://api.example"

describe("ExitCode", () => {
  it("maps each error to its documented code with a hint", () => {
    const cases: Array<[SutroError.SutroError, number, RegExp | undefined]> = [
      [new SutroError.AuthenticationError({ status: 401 }), 3, /check the API key/],
      [new SutroError.ConfigurationError({ reason: "Gone", detail: "gone", status: 410 }), 5, /set SUTRO_API_URL/],
      [new SutroError.ConfigurationError({ reason: "NotFound", detail: "nope", status: 404 }), 5, /tried https/],
      [new SutroError.ConfigurationError({ reason: "MissingApiKey", detail: "none" }), 5, /--api-key/],
      [new SutroError.ConfigurationError({ reason: "InvalidBaseUrl", detail: "bad" }), 5, /SUTRO_API_URL/],
      [new SutroError.InvalidRequestError({ detail: "bad cursor", status: 400 }), 2, undefined],
      [new SutroError.TransportError({ detail: "ECONNREFUSED" }), 4, /from https:\/\/api.example/],
      [new SutroError.TimeoutError({ timeoutMillis: 1000 }), 4, /check the URL/],
      [new SutroError.ServerError({ detail: "down", status: 503 }), 4, /try again later/],
      [new SutroError.RateLimitError({ status: 429 }), 4, /try again/],
      [new SutroError.DecodeError({ kind: "NotJson", detail: "html" }), 6, /Sutro API/],
      [new SutroError.PaginationError({ detail: "loop", pages: 3 }), 6, /looped/]
    ]
    for (const [error, code, hint] of cases) {
      const report = ExitCode.fromSutroError(error, { url })
      expect(report.code, error._tag).toBe(code)
      if (
        error._tag !== "AuthenticationError" &&
        !(error._tag === "ConfigurationError" && error.reason === "MissingApiKey")
      ) {
        expect(report.message).toBe(error.message.split("\n")[0])
      }
      if (hint === undefined) expect(report.hint).toBeUndefined()
      else expect(report.hint).toMatch(hint)
    }
  })

  it("speaks of the flag, the variable and the config file, not the library's apiKey option", () => {
    for (
      const error of [
        new SutroError.ConfigurationError({ reason: "MissingApiKey", detail: "none" }),
        new SutroError.AuthenticationError({ status: 401 })
      ]
    ) {
      const report = ExitCode.fromSutroError(error, { url })
      expect(`${report.message} ${report.hint}`).not.toMatch(/apiKey/)
      for (const name of ["--api-key", "SUTRO_API_KEY", "~/.sutro/config.json"]) expect(report.hint).toContain(name)
    }
    const auth = ExitCode.fromSutroError(new SutroError.AuthenticationError({ status: 401 }), { url })
    expect(auth.message).toMatch(/^Sutro rejected the API key \(401 Unauthorized\)/)
  })
})

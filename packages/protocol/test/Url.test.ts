import { describe, expect, it } from "vitest"
import * as Url from "../src/Url.js"

describe("Url.isLoopback", () => {
  const table: ReadonlyArray<readonly [string, boolean]> = [
    ["localhost", true],
    ["[::1]", true],
    ["127.0.0.1", true],
    ["127.255.0.9", true],
    ["::1", false],
    ["127.1", false],
    ["127.0.0.1.example.com", false],
    ["foo.localhost", false],
    ["localhost.", false],
    ["10.0.0.1", false],
    ["0.0.0.0", false],
    ["api.sutro.sh", false]
  ]
  for (const [hostname, loopback] of table) {
    it(`${hostname} -> ${loopback}`, () => {
      expect(Url.isLoopback(hostname)).toBe(loopback)
    })
  }
})

describe("Url.safeUrl", () => {
  const table: ReadonlyArray<readonly [string, string]> = [
    ["https://api.sutro.sh", "https://api.sutro.sh/"],
    ["  https://api.sutro.sh/v1  ", "https://api.sutro.sh/v1"],
    ["https://user:pw@api.sutro.sh/x?key=secret&b=2#frag", "https://***:***@api.sutro.sh/x?key=***&b=***#frag"],
    ["https://u:p@api.sutro.sh", "https://***:***@api.sutro.sh/"],
    ["https://:pw@host/", "https://:***@host/"],
    ["https://api.sutro.sh?x=1", "https://api.sutro.sh/?x=***"],
    ["https://api.sutro.sh/?k=a&k=b", "https://api.sutro.sh/?k=***"],
    // Not URLs: the part before the query, user info hidden.
    ["api.sutro.sh/x?key=1", "api.sutro.sh/x?***"],
    ["ht tp://user:pw@host/p?q=1", "ht tp://***@host/p?***"],
    ["user@host", "user@host"],
    ["no url at all", "no url at all"],
    ["", ""]
  ]
  for (const [input, shown] of table) {
    it(`${JSON.stringify(input)} -> ${JSON.stringify(shown)}`, () => {
      expect(Url.safeUrl(input)).toBe(shown)
    })
  }

  it("never shows a secret in the user info or the query of a URL, parsed or not", () => {
    for (const input of ["https://sk_1:sk_2@h/?k=sk_3", "h ttps://sk_1:sk_2@h/?k=sk_3", "https://sk_1@h?k=sk_3#x"]) {
      expect(Url.safeUrl(input)).not.toMatch(/sk_[123]/)
    }
  })
})

describe("Url.listJobsUrl", () => {
  const ok: ReadonlyArray<readonly [string, boolean, string]> = [
    ["https://api.sutro.sh", false, "https://api.sutro.sh/list-jobs"],
    ["https://api.sutro.sh/", false, "https://api.sutro.sh/list-jobs"],
    ["  https://api.sutro.sh  ", false, "https://api.sutro.sh/list-jobs"],
    ["HTTPS://API.SUTRO.SH", false, "https://api.sutro.sh/list-jobs"],
    ["https://proxy.example/sutro/v1//", false, "https://proxy.example/sutro/v1/list-jobs"],
    ["https://api.sutro.sh/list-jobs", false, "https://api.sutro.sh/list-jobs"],
    ["https://api.sutro.sh/list-jobs/", false, "https://api.sutro.sh/list-jobs"],
    ["https://api.sutro.sh:8443", false, "https://api.sutro.sh:8443/list-jobs"],
    ["http://localhost:8080", false, "http://localhost:8080/list-jobs"],
    ["http://127.0.0.1:1234/", false, "http://127.0.0.1:1234/list-jobs"],
    ["http://[::1]:80/", false, "http://[::1]/list-jobs"],
    ["http://api.sutro.sh", true, "http://api.sutro.sh/list-jobs"]
  ]
  for (const [baseUrl, allowInsecureHttp, url] of ok) {
    it(`${JSON.stringify(baseUrl)}${allowInsecureHttp ? " (insecure allowed)" : ""} -> ${url}`, () => {
      expect(Url.listJobsUrl(baseUrl, allowInsecureHttp)).toStrictEqual({ _tag: "Ok", url })
    })
  }

  const refused: ReadonlyArray<readonly [string, "InvalidBaseUrl" | "InsecureHttp", string, string]> = [
    ["", "InvalidBaseUrl", "the base URL is empty", ""],
    ["   ", "InvalidBaseUrl", "the base URL is empty", ""],
    ["api.sutro.sh", "InvalidBaseUrl", "not an absolute URL", "api.sutro.sh"],
    ["ftp://files.example", "InvalidBaseUrl", "unsupported scheme ftp:", "ftp://files.example/"],
    [
      "https://u:secret@api.sutro.sh",
      "InvalidBaseUrl",
      "credentials do not belong in the URL",
      "https://***:***@api.sutro.sh/"
    ],
    [
      "https://api.sutro.sh?key=secret",
      "InvalidBaseUrl",
      "a base URL has no query string or fragment",
      "https://api.sutro.sh/?key=***"
    ],
    [
      "https://api.sutro.sh#top",
      "InvalidBaseUrl",
      "a base URL has no query string or fragment",
      "https://api.sutro.sh/#top"
    ],
    ["http://api.sutro.sh", "InsecureHttp", "api.sutro.sh is not a loopback host", "http://api.sutro.sh/"],
    ["http://foo.localhost:3000", "InsecureHttp", "foo.localhost is not a loopback host", "http://foo.localhost:3000/"],
    ["http://10.0.0.1", "InsecureHttp", "10.0.0.1 is not a loopback host", "http://10.0.0.1/"]
  ]
  for (const [baseUrl, reason, detail, url] of refused) {
    it(`${JSON.stringify(baseUrl)} -> ${reason}: ${detail}`, () => {
      expect(Url.listJobsUrl(baseUrl, false)).toStrictEqual({ _tag: "Refused", reason, detail, url })
    })
  }

  it("allowInsecureHttp does not lift the other rules", () => {
    expect(Url.listJobsUrl("http://u:p@api.sutro.sh", true)).toMatchObject({
      _tag: "Refused",
      reason: "InvalidBaseUrl"
    })
  })
})

describe("Url.apiKeyProblem", () => {
  const blank = { problem: "the API key is blank" }
  const unfit = { problem: "the API key contains spaces, control or non-ASCII characters" }
  const table: ReadonlyArray<readonly [string, unknown, unknown]> = [
    ["a key", "sk_abc123", { key: "sk_abc123" }],
    ["surrounding whitespace is dropped", "  sk_abc123\n", { key: "sk_abc123" }],
    ["printable punctuation", "sk/a+b=\"c~", { key: "sk/a+b=\"c~" }],
    ["empty", "", blank],
    ["only whitespace", " \t\n", blank],
    ["not a string", 42, blank],
    ["undefined", undefined, blank],
    ["an inner space", "sk abc", unfit],
    ["an inner tab", "sk\tabc", unfit],
    ["a NUL", "sk\u0000abc", unfit],
    ["DEL", "sk\u007fabc", unfit],
    ["non-ASCII", "sk_äbc", unfit]
  ]
  for (const [name, raw, result] of table) {
    it(name, () => {
      expect(Url.apiKeyProblem(raw)).toStrictEqual(result)
    })
  }
})

describe("Url.userAgentProblem", () => {
  const problem = "userAgent must be non-empty printable ASCII"
  const table: ReadonlyArray<readonly [string, string | undefined]> = [
    ["sutro-effect/0.1.0", undefined],
    ["my-app/1.0 (+https://example.com)", undefined],
    ["", problem],
    ["   ", problem],
    ["app\r\nX-Injected: 1", problem],
    ["app\t1", problem],
    ["appé", problem]
  ]
  for (const [userAgent, result] of table) {
    it(JSON.stringify(userAgent), () => {
      expect(Url.userAgentProblem(userAgent)).toBe(result)
    })
  }
})

describe("Url.defaultBaseUrl", () => {
  it("is Sutro's public API, and a valid base URL", () => {
    expect(Url.defaultBaseUrl).toBe("https://api.sutro.sh")
    expect(Url.listJobsUrl(Url.defaultBaseUrl, false)).toStrictEqual({
      _tag: "Ok",
      url: "https://api.sutro.sh/list-jobs"
    })
  })
})

describe("Url: the list-jobs request", () => {
  it("headers: accept JSON, and the User-Agent unless null", () => {
    expect(Url.listJobsHeaders("sutro-effect/1.0.0")).toEqual({
      accept: "application/json",
      "user-agent": "sutro-effect/1.0.0"
    })
    expect(Url.listJobsHeaders(null)).toEqual({ accept: "application/json" })
  })

  it("authorization: Key, not Bearer", () => {
    expect(Url.authorization("sk_123")).toBe("Key sk_123")
  })

  const url = "https://api.sutro.sh/list-jobs"
  const scrub = (text: string) => text.replace("sk_123", "[redacted]")
  const table: ReadonlyArray<
    readonly [string, number, string | null, ReadonlyArray<readonly [string, string]>, string, string]
  > = [
    ["the first page", 100, null, [["limit", "100"]], `${url}?limit=100`, `${url}?limit=100`],
    [
      "a next page",
      10,
      "abc",
      [["limit", "10"], ["cursor", "abc"]],
      `${url}?limit=10&cursor=abc`,
      `${url}?limit=10&cursor=abc`
    ],
    [
      "a cursor that needs encoding",
      10,
      "a+b/c=",
      [["limit", "10"], ["cursor", "a+b/c="]],
      `${url}?limit=10&cursor=a%2Bb%2Fc%3D`,
      `${url}?limit=10&cursor=a%2Bb%2Fc%3D`
    ],
    [
      "a cursor carrying the key is sent as is and shown scrubbed",
      5,
      "p~sk_123",
      [["limit", "5"], ["cursor", "p~sk_123"]],
      `${url}?limit=5&cursor=p~sk_123`,
      `${url}?limit=5&cursor=p~%5Bredacted%5D`
    ]
  ]
  it.each(table)("%s", (_, limit, cursor, query, plain, shown) => {
    expect(Url.listJobsQuery(limit, cursor)).toEqual(query)
    expect(Url.shownListJobsUrl(url, limit, cursor)).toBe(plain)
    expect(Url.shownListJobsUrl(url, limit, cursor, scrub)).toBe(shown)
  })
})

describe("options of the wrong type, from plain JavaScript", () => {
  it.each([8080, null, {}, ["https://api.sutro.sh"], true])("listJobsUrl(%s) is refused, not thrown on", (baseUrl) => {
    const result = Url.listJobsUrl(baseUrl as unknown as string, false)
    expect(result).toMatchObject({ _tag: "Refused", reason: "InvalidBaseUrl" })
    expect(result._tag === "Refused" && result.detail).toMatch(/^the base URL must be a string, got /)
  })

  it.each([5, null, {}, true])("userAgentProblem(%s) names the type", (userAgent) => {
    expect(Url.userAgentProblem(userAgent as unknown as string)).toMatch(/^userAgent must be a string or null, got /)
  })
})

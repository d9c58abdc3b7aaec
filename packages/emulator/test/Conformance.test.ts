// The code examples of Sutro's Listing All Jobs reference, run unchanged except for the base URL and the API key, against
// the emulator. Needs python3 with `requests` (Debian: apt-get install python3-requests) and curl;
// when either is missing these tests fail, saying so, instead of being skipped.
import { describe, expect, it } from "@effect/vitest"
import { Emulator } from "@sutro-effect/emulator"
import * as Effect from "effect/Effect"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import { Unexpected } from "./helpers.js"

const pythonAllJobs = `import requests

response = requests.get(
    'https://api.sutro.sh/list-jobs',
    headers={
        'Authorization': 'Key YOUR_SUTRO_API_KEY'
    }
)

result = response.json()
print(f"Total jobs: {len(result['jobs'])}")

for job in result['jobs']:
    print(f"{job['job_id']}: {job['status']} - {job['model']}")
`

const pythonPaginated = `import requests

api_key = 'YOUR_SUTRO_API_KEY'
cursor = None
page_size = 50

# Process jobs page by page
while True:
    params = {'limit': page_size}
    if cursor:
        params['cursor'] = cursor

    response = requests.get(
        'https://api.sutro.sh/list-jobs',
        headers={'Authorization': f'Key {api_key}'},
        params=params
    )
    data = response.json()

    for job in data['jobs']:
        print(f"{job['job_id']}: {job['status']} - {job['model']}")

    cursor = data.get('next_cursor')
    if not cursor:
        break
`

const curlPaginated = `# First page
curl -X GET "https://api.sutro.sh/list-jobs?limit=20" \\
-H "Authorization: Key YOUR_SUTRO_API_KEY"

# Next page (using cursor from previous response)
curl -X GET "https://api.sutro.sh/list-jobs?limit=20&cursor=YOUR_CURSOR_HERE" \\
-H "Authorization: Key YOUR_SUTRO_API_KEY"
`

// The job of the examples of Sutro's Listing All Jobs reference: core's wire-job fixture (one fixture for every package's tests).
const documentedJob = JSON.parse(
  Fs.readFileSync(new URL("../../protocol/test/fixtures/list-jobs-examples.json", import.meta.url), "utf8")
).withPagination.jobs[0]

const localize = (source: string, emulator: Emulator.Service) =>
  source.replaceAll("https://api.sutro.sh", emulator.url).replaceAll("YOUR_SUTRO_API_KEY", emulator.apiKey)

// Asynchronous on purpose: the emulator runs in this process, so a synchronous child would block it.
const run = (file: string, args: ReadonlyArray<string>, input?: string) =>
  Effect.async<string, Unexpected>((resume) => {
    const child = ChildProcess.execFile(file, args, { timeout: 20_000 }, (error, stdout, stderr) => {
      if (error !== null) {
        resume(Effect.fail(new Unexpected({ message: `${file} failed: ${error.message}\n${stderr}` })))
      } else resume(Effect.succeed(stdout))
    })
    if (input !== undefined) child.stdin!.end(input)
  })

const requirePython = run("python3", ["-c", "import requests"]).pipe(
  Effect.mapError(() =>
    new Unexpected({
      message: "python3 with the `requests` package is required by the conformance tests " +
        "(Debian/Ubuntu: apt-get install -y python3-requests; or pip install requests)"
    })
  )
)
const requireCurl = run("curl", ["--version"]).pipe(
  Effect.mapError(() =>
    new Unexpected({ message: "curl is required by the conformance tests (apt-get install -y curl)" })
  )
)

const withEmulator = <A, E>(f: (emulator: Emulator.Service) => Effect.Effect<A, E>) =>
  Effect.scoped(Effect.flatMap(Emulator.make({ jobs: 237, seed: 2024 }), f))

const lines = (jobs: ReadonlyArray<{ job_id: string; status: string; model: string }>) =>
  jobs.map((job) => `${job.job_id}: ${job.status} - ${job.model}`)

describe("the Listing All Jobs reference's examples against the emulator", () => {
  it.live("Python - All Jobs prints the total and every job, newest first", () =>
    withEmulator((emulator) =>
      Effect.gen(function*() {
        yield* requirePython
        const output = yield* run("python3", ["-"], localize(pythonAllJobs, emulator))
        const jobs = yield* emulator.jobs
        expect(output).toBe([`Total jobs: ${jobs.length}`, ...lines(jobs)].join("\n") + "\n")
      })
    ))

  it.live("Python - Paginated prints every job once, in the same order", () =>
    withEmulator((emulator) =>
      Effect.gen(function*() {
        yield* requirePython
        const output = yield* run("python3", ["-"], localize(pythonPaginated, emulator))
        expect(output).toBe(lines(yield* emulator.jobs).join("\n") + "\n")
        const log = yield* emulator.requestLog
        expect(log.map((entry) => entry.query.limit)).toStrictEqual(["50", "50", "50", "50", "50"])
        expect(log.every((entry) => entry.status === 200)).toBe(true)
      })
    ))

  it.live("cURL - With Pagination: the first page, then the next one with the cursor pasted in", () =>
    withEmulator((emulator) =>
      Effect.gen(function*() {
        yield* requireCurl
        const [first, second] = localize(curlPaginated, emulator).split("\n\n")
        const firstPage = JSON.parse(yield* run("bash", ["-c", first]))
        const jobs = yield* emulator.jobs
        expect(firstPage.jobs).toStrictEqual(jobs.slice(0, 20))
        expect(typeof firstPage.next_cursor).toBe("string")
        const secondPage = JSON.parse(
          yield* run("bash", ["-c", second.replace("YOUR_CURSOR_HERE", firstPage.next_cursor)])
        )
        expect(secondPage.jobs).toStrictEqual(jobs.slice(20, 40))
        expect(typeof secondPage.next_cursor).toBe("string")
      })
    ))

  it.live("cURL keeps working when a cursor pasted unencoded contains '+' (read back from a space)", () =>
    Effect.scoped(
      Effect.gen(function*() {
        yield* requireCurl
        // ids chosen so that the cursor's base64 contains '+'; the rest of each job is core's wire-job fixture
        const base = documentedJob
        const data = Array.from({ length: 200 }, (_, i) => ({
          ...base,
          job_id: `j>${i}~`,
          datetime_created: new Date(Date.UTC(2024, 0, 1) - i * 1000).toISOString()
        }))
        const emulator = yield* Emulator.make({ data })
        let cursor: string | null = null
        for (let page = 0; page < 100; page++) {
          const url: string = `${emulator.url}/list-jobs?limit=1${cursor === null ? "" : `&cursor=${cursor}`}`
          const body: any = JSON.parse(yield* run("curl", ["-s", url, "-H", `Authorization: Key ${emulator.apiKey}`]))
          expect(body.jobs[0].job_id).toBe(`j>${page}~`)
          cursor = body.next_cursor
        }
        expect((yield* emulator.requestLog).some((entry) => (entry.query.cursor ?? "").includes(" "))).toBe(true)
      })
    ))
})

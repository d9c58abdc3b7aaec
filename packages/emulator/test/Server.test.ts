import { describe, expect, it } from "@effect/vitest"
import { Emulator, Fault, Server } from "@sutro-effect/emulator"
import * as Http from "node:http"
import * as Net from "node:net"

const list = (handle: Server.Handle, query = "") =>
  fetch(`${handle.url}/list-jobs?limit=5${query}`, { headers: { authorization: `Key ${handle.apiKey}` } })

const listenOn = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = Net.createServer()
    server.once("error", () => resolve(false))
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)))
  })

describe("Server", () => {
  it("starts, serves over plain fetch, scripts a fault and closes, releasing the port", async () => {
    const handle = await Server.start({ jobs: 12 })
    const port = Number(new URL(handle.url).port)
    try {
      expect(handle.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(await handle.jobCount()).toBe(12)
      const first = await list(handle)
      expect(first.status).toBe(200)
      const body = await first.json() as { jobs: ReadonlyArray<{ job_id: string }> }
      expect(body.jobs.map((job) => job.job_id)).toStrictEqual((await handle.jobs()).slice(0, 5).map((j) => j.job_id))

      await handle.scriptFaults([Fault.Status.make({ status: 503, times: 2 })])
      expect(await handle.pendingFaults()).toStrictEqual([Fault.Status.make({ status: 503, times: 2 })])
      expect((await list(handle)).status).toBe(503)
      expect(await handle.pendingFaults()).toStrictEqual([Fault.Status.make({ status: 503, times: 1 })])
      await handle.clearFaults()
      expect((await list(handle)).status).toBe(200)
      const log = await handle.requestLog()
      expect(log.map((entry) => [entry.status, entry.fault])).toStrictEqual([
        [200, undefined],
        [503, "Status"],
        [200, undefined]
      ])
      await handle.clearRequestLog()
      expect(await handle.requestLog()).toStrictEqual([])
      // a socket held by this process's fetch pool, closed by close()
      expect(await handle.connections()).toBeGreaterThan(0)
      expect(await listenOn(port)).toBe(false)
    } finally {
      await handle.close()
    }
    expect(await listenOn(port)).toBe(true)
    await expect(list(handle)).rejects.toThrow()
    // closing twice is harmless
    await handle.close()
  })

  it("inserts and updates jobs, and records them in the change log", async () => {
    const handle = await Server.start({ jobs: 3 })
    try {
      const [job] = await handle.jobs()
      const updated = await handle.updateJob(job.job_id, { status: "FAILED" })
      expect(updated.status).toBe("FAILED")
      await handle.insertJobs([{ ...job, job_id: "job_inserted_by_test" }])
      expect(await handle.jobCount()).toBe(4)
      const changes = await handle.changes()
      expect(changes.map((change) => [change.job_id, change.kind])).toStrictEqual([
        [job.job_id, "updated"],
        ["job_inserted_by_test", "inserted"]
      ])
      expect(await handle.changes(changes[0].seq)).toHaveLength(1)
      await handle.clearChanges()
      expect(await handle.changes()).toStrictEqual([])
    } finally {
      await handle.close()
    }
  })

  it("advances live mode on demand and rejects advance when live mode is off", async () => {
    const live = await Server.start({ jobs: 5, live: { interval: 0, arrivals: 1 } })
    try {
      await live.advance(3)
      expect(await live.tick()).toBe(3)
      expect(await live.jobCount()).toBe(8)
    } finally {
      await live.close()
    }
    const still = await Server.start({ jobs: 1 })
    try {
      await expect(still.advance()).rejects.toThrow(/live mode is off/)
      await expect(still.updateJob("no_such_job", {})).rejects.toThrow(/no job "no_such_job"/)
    } finally {
      await still.close()
    }
  })

  it("rejects with the EmulatorError itself when it cannot start", async () => {
    const handle = await Server.start({ jobs: 1 })
    try {
      const error = await Server.start({ jobs: 1, port: Number(new URL(handle.url).port) }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(Emulator.EmulatorError)
      expect((error as Emulator.EmulatorError).reason).toBe("Listen")
      await expect(Server.start({ jobs: -1 })).rejects.toMatchObject({ _tag: "EmulatorError", reason: "InvalidOption" })
    } finally {
      await handle.close()
    }
  })
})

describe("Server: what a control request may hold", () => {
  const post = (handle: Server.Handle, body: BodyInit, path = "/_emulator/jobs", method = "POST") =>
    fetch(`${handle.url}${path}`, { method, body, ...(body instanceof ReadableStream ? { duplex: "half" } : {}) })
  const nested = (depth: number) => `${"{\"a\":".repeat(depth)}{}${"}".repeat(depth)}`

  it("a 30 KB job nested 6,000 levels deep is a 422 naming the job and field, and the emulator keeps serving", async () => {
    const handle = await Server.start({ jobs: 2 })
    try {
      const [job] = await handle.jobs()
      const body = JSON.stringify({ jobs: [{ ...job, job_id: "deep", json_schema: {} }] })
        .replace(`"json_schema":{}`, `"json_schema":${nested(6_000)}`)
      expect(body.length).toBeGreaterThan(30_000)
      const reply = await post(handle, body)
      expect(reply.status).toBe(422)
      const { detail } = await reply.json() as { detail: string }
      expect(detail).toContain(`the json_schema of job "deep" is nested more than 1000 levels deep`)
      const patch = await post(
        handle,
        `{"sampling_params":{"x":${nested(6_000)}}}`,
        `/_emulator/jobs/${encodeURIComponent(job.job_id)}`,
        "PATCH"
      )
      expect(patch.status).toBe(422)
      expect(await handle.jobCount()).toBe(2)
      expect((await list(handle)).status).toBe(200)
    } finally {
      await handle.close()
    }
  })

  it("a job nested within the limit is stored and listed intact", async () => {
    const handle = await Server.start({ jobs: 1 })
    try {
      const [job] = await handle.jobs()
      const body = JSON.stringify([{ ...job, job_id: "deep", json_schema: {} }])
        .replace(`"json_schema":{}`, `"json_schema":${nested(900)}`)
      expect((await post(handle, body)).status).toBe(200)
      const listed = await (await list(handle)).text()
      expect(listed).toContain(nested(900))
    } finally {
      await handle.close()
    }
  })

  it("a body over 16 MiB is a 413, by Content-Length or while it arrives, and nothing is inserted", async () => {
    const handle = await Server.start({ jobs: 1 })
    try {
      const big = `[${" ".repeat(16 * 1024 * 1024)}]`
      const declared = await post(handle, big)
      expect(declared.status).toBe(413)
      expect(((await declared.json()) as { detail: string }).detail).toContain("16777216 bytes")
      const chunk = new TextEncoder().encode(" ".repeat(1024 * 1024))
      let sent = 0
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 17) controller.enqueue(chunk)
          else controller.close()
        }
      })
      const streamed = await post(handle, stream)
      expect(streamed.status).toBe(413)
      expect(await handle.jobCount()).toBe(1)
      expect((await post(handle, "[]")).status).toBe(200)
    } finally {
      await handle.close()
    }
  })
})

describe("Server: request targets the URL parser refuses", () => {
  // Sent as written (Node's http client does not normalize a path), to a live emulator.
  const raw = (handle: Server.Handle, path: string) =>
    new Promise<{ status: number; detail: unknown }>((resolve, reject) => {
      const { hostname, port } = new URL(handle.url)
      const req = Http.request({ hostname, port, path, agent: false }, (res) => {
        let text = ""
        res.setEncoding("utf8").on("data", (chunk: string) => text += chunk)
        res.on("end", () => resolve({ status: res.statusCode ?? 0, detail: JSON.parse(text).detail }))
      })
      req.on("error", reject)
      req.end()
    })

  it("a malformed % escape or port in the target is a 400 that says so, or a path not found: never a 500", async () => {
    const handle = await Server.start({ jobs: 2, live: { interval: 0 } })
    try {
      for (const path of ["//%zz/_emulator/faults", "//x:99999999/_emulator/jobs", "//[zz/_emulator/requests"]) {
        // A path that starts with // is a path (origin-form), not a URL of another host.
        expect(await raw(handle, path), path).toEqual({ status: 404, detail: "Not Found" })
      }
      for (const path of ["http://%zz/_emulator/faults", "http://a:badport/_emulator/jobs", "*"]) {
        const reply = await raw(handle, path)
        expect(reply.status, path).toBe(400)
        expect(reply.detail).toBe(
          `The request target is not a valid URL: ${
            JSON.stringify(path)
          } (send a path such as /v1/list-jobs?limit=5; escape % as %25)`
        )
      }
      // An absolute-form target the parser accepts is served as its path.
      expect((await raw(handle, `${handle.url}/_emulator/faults`)).status).toBe(200)
      // A query parameter with a malformed % escape stands as it is: `after` is then not a seq.
      expect(await raw(handle, "/_emulator/changes?after=%zz")).toEqual({
        status: 422,
        detail: `after must be a seq of the change log (a whole number >= 0), got "%zz"`
      })
      for (const after of ["-1", "1.5", "", "abc"]) {
        expect((await raw(handle, `/_emulator/changes?after=${after}`)).status, after).toBe(422)
      }
      expect((await raw(handle, "/_emulator/changes?after=0")).status).toBe(200)
      expect((await list(handle)).status).toBe(200)
    } finally {
      await handle.close()
    }
  })
})

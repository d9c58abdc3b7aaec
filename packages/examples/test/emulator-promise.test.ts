import * as EmulatorServer from "@sutro-effect/emulator/Server"
import { afterAll, beforeAll, expect, it } from "vitest"

// The emulator from any test runner, without Effect: start() on a free loopback port, close() at the end.
let emulator: EmulatorServer.Handle

beforeAll(async () => {
  emulator = await EmulatorServer.start({ jobs: 250, seed: 1, apiKeys: ["sk_test"] })
})

afterAll(() => emulator.close())

it("lists the newest jobs, then the next page by its cursor", async () => {
  const get = (query: string) =>
    fetch(`${emulator.url}/v1/list-jobs?${query}`, { headers: { authorization: "Key sk_test" } })
      .then((response) => response.json() as Promise<{ jobs: Array<{ job_id: string }>; next_cursor: string | null }>)
  const first = await get("limit=100")
  const second = await get(`limit=100&cursor=${encodeURIComponent(first.next_cursor!)}`)
  expect(first.jobs).toHaveLength(100)
  expect(second.jobs).toHaveLength(100)
  const all = (await emulator.jobs()).map((job) => job.job_id)
  expect([...first.jobs, ...second.jobs].map((job) => job.job_id)).toEqual(all.slice(0, 200))
})

import { describe, expect, it } from "@effect/vitest"
import { startEmulator } from "../src/emulatorProcess.js"

// The walk part's two variants: bodies as the emulator serves them (compressed for a client that asks),
// and identity bodies for all (`--no-compress`).
describe("bench emulator process", () => {
  const encodingOf = async (compress: boolean | undefined) => {
    const emulator = await startEmulator(150, "sk_test", 0, compress === undefined ? {} : { compress })
    try {
      const response = await fetch(`${emulator.url}/list-jobs?limit=100`, {
        headers: { authorization: "Key sk_test", "accept-encoding": "gzip, br" }
      })
      await response.arrayBuffer()
      return response.headers.get("content-encoding")
    } finally {
      emulator.stop()
    }
  }

  it("compresses list-jobs bodies for a client that asks, br over gzip", async () => {
    expect(await encodingOf(undefined)).toBe("br")
  })

  it("sends identity bodies to every client when compress is false", async () => {
    expect(await encodingOf(false)).toBeNull()
  })
})

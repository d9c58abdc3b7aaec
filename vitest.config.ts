import { defineConfig } from "vitest/config"

// The Effect 3 line and everything built on it (vitest 3, Node >= 20). The Effect 4 line has its own
// vitest (5, Node >= 22.12): packages/effect4/vitest.config.ts.
//
// SUTRO_VITEST_WITHOUT (comma-separated package directories under packages/) leaves projects out:
// scripts/vitest-lines.sh runs the release rehearsal and the emulator in a run of their own beside this one.
const without = (process.env.SUTRO_VITEST_WITHOUT ?? "").split(",").map((name) => name.trim()).filter((name) =>
  name !== ""
).map((name) => `!packages/${name}/vitest.config.ts`)

export default defineConfig({
  test: {
    // One module graph for all the files a worker runs, instead of a fresh one per file: Effect, the platform
    // and our sources are imported and transformed once per worker, not once per file (the Effect 3 line's
    // client, core and protocol: 127 s -> 76 s on 2 cores, CPU 151 s -> 83 s). Vitest 3 takes this from the
    // root config only (a run that needs a fresh graph per file passes --isolate). @effect/vitest's methods,
    // which its layer(...) blocks replace on the one shared `it`, are reset before each file (vitest.setup.ts).
    isolate: false,
    projects: [
      "packages/*/vitest.config.ts",
      "!packages/effect4/vitest.config.ts",
      "packages/effect3/*/vitest.config.ts",
      ...without
    ]
  }
})

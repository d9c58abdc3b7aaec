import * as Os from "node:os"
import { defineConfig } from "vitest/config"

// The Effect 4 line: vitest 5 and @effect/vitest 4 (Node >= 22.12). The root vitest.config.ts runs
// everything else.
export default defineConfig({
  test: {
    // As the root config: one worker more than the cores, since much of the suite waits on sockets.
    maxWorkers: Os.availableParallelism() + 1,
    projects: ["*/vitest.config.ts"]
  }
})

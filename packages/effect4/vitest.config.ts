import { defineConfig } from "vitest/config"

// The Effect 4 line: vitest 5 and @effect/vitest 4 (Node >= 22.12). The root vitest.config.ts runs
// everything else.
export default defineConfig({
  test: {
    projects: ["*/vitest.config.ts"]
  }
})

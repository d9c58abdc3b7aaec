import { defineConfig } from "vitest/config"

// The Effect 3 line and everything built on it (vitest 3, Node >= 20). The Effect 4 line has its own
// vitest (5, Node >= 22.12): packages/effect4/vitest.config.ts.
export default defineConfig({
  test: {
    projects: [
      "packages/*/vitest.config.ts",
      "!packages/effect4/vitest.config.ts",
      "packages/effect3/*/vitest.config.ts"
    ]
  }
})

import * as path from "node:path"
import type { ViteUserConfig } from "vitest/config"

// As the root vitest.shared.ts, for the Effect 4 line (vitest 5): sources through the "sutro-source"
// condition of the workspace packages' exports, each package's own dependencies through node_modules.
const conditions = ["sutro-source", "node", "import", "module", "default"]

const config: ViteUserConfig = {
  esbuild: { target: "es2022" },
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["node", "import"] } },
  test: {
    setupFiles: [path.join(__dirname, "vitest.setup.ts")],
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    // One module graph for all the files a worker runs, instead of a fresh one per file: Effect, the
    // platform and our sources are imported and transformed once per worker, not once per file (the
    // Effect 3 line's client, core and protocol: 127 s -> 76 s on 2 cores, CPU 151 s -> 83 s). A project
    // whose files do not share well says `isolate: true` in its own config, with the reason.
    isolate: false
  }
}

export default config

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
    testTimeout: 30_000
  }
}

export default config

import * as path from "node:path"
import type { ViteUserConfig } from "vitest/config"

const pkg = (name: string) => path.join(__dirname, "packages", name, "src")

// Tests run against the TypeScript sources of every workspace package, so no build is needed first.
const config: ViteUserConfig = {
  esbuild: { target: "es2022" },
  resolve: {
    alias: [
      "core",
      "client",
      "node",
      "browser",
      "emulator",
      "cli"
    ].flatMap((name) => [
      { find: new RegExp(`^@sutro-effect/${name}$`), replacement: path.join(pkg(name), "index.ts") },
      { find: new RegExp(`^@sutro-effect/${name}/(.*)$`), replacement: path.join(pkg(name), "$1.ts") }
    ])
  },
  test: {
    setupFiles: [path.join(__dirname, "vitest.setup.ts")],
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000
  }
}

export default config

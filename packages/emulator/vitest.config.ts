import { mergeConfig, type ViteUserConfig } from "vitest/config"
import shared from "../../vitest.shared.js"

// One module graph for a worker's files, as vitest.shared.ts sets: Live.test's TestClock once found
// another file's `it.effect` there ("testClock.adjust is not a function"), which vitest.setup.ts now
// prevents for every file.
const config: ViteUserConfig = { test: { name: "emulator" } }

export default mergeConfig(shared, config)

import { mergeConfig, type ViteUserConfig } from "vitest/config"
import shared from "../../vitest.shared.js"

// A fresh module graph per file (vitest.shared.ts shares one): with one graph, Live.test's TestClock
// found another file's clock service ("testClock.adjust is not a function").
const config: ViteUserConfig = { test: { name: "emulator", isolate: true } }

export default mergeConfig(shared, config)

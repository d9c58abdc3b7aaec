import { mergeConfig, type ViteUserConfig } from "vitest/config"
import shared from "../../vitest.shared.js"

// The release rehearsal publishes every package to a loopback registry and installs them in fresh
// projects: minutes, not seconds, most of it waiting for the public registry through the uplink.
const config: ViteUserConfig = { test: { name: "rehearsal", testTimeout: 600_000, hookTimeout: 600_000 } }

export default mergeConfig(shared, config)

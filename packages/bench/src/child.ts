/**
 * Runs one scenario in a fresh process, so that its time and memory are its own, and prints
 * one JSON line: `{ jobs, millis, maxRssKb, heapUsedMb }`.
 *
 * @since 0.1.0
 */
import { scenarios } from "./scenarios.js"

const [name, url, apiKey, pageSize] = process.argv.slice(2)
const scenario = scenarios[name]
if (scenario === undefined) {
  console.error(`unknown scenario ${JSON.stringify(name)}`)
  process.exit(2)
}
const target = { url, apiKey, pageSize: Number(pageSize) }
// A short warm-up walk on a small page size would change the server's cache state; instead the
// first request of the timed walk pays for connection setup like a real program does.
const start = performance.now()
const jobs = await scenario(target)
const millis = performance.now() - start
const usage = process.resourceUsage()
console.log(
  JSON.stringify({ jobs, millis, maxRssKb: usage.maxRSS, heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20 })
)

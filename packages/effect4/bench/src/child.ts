/**
 * Runs one Effect 4 scenario in a fresh process and prints one JSON line with what it measured:
 * the Effect 4 side of packages/bench's child.ts, which packages/bench's main.ts spawns for the
 * Effect 4 rows. The argument is a JSON {@link Task}, the same as that child's, and the modes measure
 * the same things:
 *
 * - `walk`: `walks` walks in a row (the first cold, the later ones warm), each with its wall time and
 *   the process's CPU time (`process.cpuUsage`, user + system).
 * - `prefetch`: a cold walk (discarded), a walk with no consumer work (the network time), then a walk
 *   whose consumer busy-waits `workMicros` per job, synchronously.
 * - `memory`: one walk; at ten points of it, and at its last job, a full GC (`--expose-gc`) and the
 *   heap used; the process's peak RSS at the end.
 *
 * Effect 4 has no op supervision (no `Supervisor.onEffect`), so there is no `ops` mode.
 *
 * @since 1.0.0
 */
import type { OnJob, Target } from "./scenarios.js"
import { scenarios } from "./scenarios.js"

/**
 * @since 1.0.0
 * @category models
 */
export type Task =
  & { readonly scenario: string; readonly target: Target }
  & (
    | { readonly mode: "walk"; readonly walks: number }
    | { readonly mode: "prefetch"; readonly workMicros: number }
    | { readonly mode: "memory"; readonly expectedJobs: number }
  )

/**
 * @since 1.0.0
 * @category models
 */
export interface Timed {
  readonly millis: number
  readonly cpuMillis: number
}

const task = JSON.parse(process.argv[2] ?? "{}") as Task
const scenario = scenarios[task.scenario]
if (scenario === undefined) {
  console.error(`unknown Effect 4 scenario ${JSON.stringify(task.scenario)}`)
  process.exit(2)
}

const timed = async (run: () => Promise<number>): Promise<Timed & { readonly jobs: number }> => {
  const cpu = process.cpuUsage()
  const start = performance.now()
  const jobs = await run()
  const millis = performance.now() - start
  const used = process.cpuUsage(cpu)
  return { jobs, millis, cpuMillis: (used.user + used.system) / 1000 }
}

const print = (result: object) => console.log(JSON.stringify(result))

switch (task.mode) {
  case "walk": {
    const walker = await scenario.make(task.target)
    const walks: Array<Timed> = []
    let jobs = 0
    for (let i = 0; i < task.walks; i++) {
      const { jobs: seen, ...time } = await timed(() => walker.walk())
      jobs = seen
      walks.push(time)
    }
    await walker.close()
    print({ jobs, walks, maxRssKb: process.resourceUsage().maxRSS })
    break
  }
  case "prefetch": {
    const walker = await scenario.make(task.target)
    await walker.walk()
    const network = await timed(() => walker.walk())
    let workMillis = 0
    const work: OnJob = () => {
      const start = performance.now()
      const until = start + task.workMicros / 1000
      let now = start
      while (now < until) now = performance.now()
      workMillis += now - start
    }
    const withWork = await timed(() => walker.walk(work))
    await walker.close()
    print({ jobs: withWork.jobs, networkMillis: network.millis, workMillis, millis: withWork.millis })
    break
  }
  case "memory": {
    const gc = (globalThis as { gc?: () => void }).gc
    if (gc === undefined) throw new Error("the memory task needs node --expose-gc")
    const walker = await scenario.make(task.target)
    const every = Math.max(1, Math.floor(task.expectedJobs / 10))
    const heapSamplesMb: Array<number> = []
    const sample: OnJob = (index) => {
      if ((index + 1) % every === 0 || index + 1 === task.expectedJobs) {
        gc()
        // heapUsed leaves out ArrayBuffer backing stores, where typed arrays keep their data (the
        // walk's id fingerprints are a Uint32Array): they count too.
        const usage = process.memoryUsage()
        heapSamplesMb.push((usage.heapUsed + usage.arrayBuffers) / 2 ** 20)
      }
    }
    const { jobs, millis } = await timed(() => walker.walk(sample))
    await walker.close()
    print({
      jobs,
      millis,
      heapAfterGcMb: heapSamplesMb[heapSamplesMb.length - 1],
      maxHeapAfterGcMb: Math.max(...heapSamplesMb),
      maxRssKb: process.resourceUsage().maxRSS
    })
    break
  }
  default: {
    console.error(`the Effect 4 child has no mode ${JSON.stringify((task as { readonly mode: unknown }).mode)}`)
    process.exit(2)
  }
}

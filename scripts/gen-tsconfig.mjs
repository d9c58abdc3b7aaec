// Writes every package's tsconfig.{json,src.json,test.json,build.json} and the root solution files
// from one table of dependencies. Run it after adding a package or a dependency between packages:
//   node scripts/gen-tsconfig.mjs
//
// Packages are found by name through node_modules (pnpm links each workspace dependency, by version:
// the Effect 3 line's @sutro-effect/core for Effect 3 packages, the Effect 4 line's for Effect 4 ones),
// and the custom condition "sutro-source" of their exports maps points at the TypeScript sources. The
// references below only order the builds.
import fs from "node:fs"
import path from "node:path"

// directory under packages/ -> the directories it depends on
const deps = {
  protocol: [],
  "effect3/core": ["protocol"],
  "effect3/client": ["protocol", "effect3/core"],
  "effect3/node": ["protocol", "effect3/core", "effect3/client"],
  "effect3/browser": ["protocol", "effect3/core", "effect3/client"],
  "effect4/core": ["protocol"],
  "effect4/client": ["protocol", "effect4/core"],
  "effect4/node": ["protocol", "effect4/core", "effect4/client"],
  "effect4/browser": ["protocol", "effect4/core", "effect4/client"],
  emulator: ["protocol", "effect3/core"],
  cli: ["protocol", "effect3/core", "effect3/client", "effect3/node", "emulator"],
  bench: ["protocol", "effect3/core", "effect3/client", "effect3/node", "effect3/browser", "emulator"],
  examples: ["protocol", "effect3/core", "effect3/client", "effect3/node", "effect3/browser", "emulator"],
  "effect4/examples": ["effect4/core", "effect4/client", "effect4/node", "effect4/browser", "emulator"],
  "effect4/bench": ["effect4/core", "effect4/client", "effect4/node", "effect4/browser"],
  rehearsal: [],
  behaviour: ["protocol", "emulator"]
}
const testDeps = {
  "effect3/client": ["emulator", "behaviour"],
  "effect3/node": ["emulator"],
  "effect3/browser": ["emulator"],
  "effect4/client": ["emulator", "behaviour"],
  "effect4/node": ["emulator"],
  "effect4/browser": ["emulator"]
}
// Packages whose sources may use Node built-ins (the rest run in browsers too).
const nodeTypes = new Set([
  "effect3/node",
  "effect4/node",
  "emulator",
  "behaviour",
  "cli",
  "bench",
  "effect4/bench",
  "examples",
  "effect4/examples",
  "rehearsal"
])

const basePlugin = JSON.parse(fs.readFileSync("tsconfig.base.json", "utf8")).compilerOptions.plugins[0]
const w = (p, o) => fs.writeFileSync(p, JSON.stringify(o, null, 2) + "\n")
for (const [name, ds] of Object.entries(deps)) {
  const dir = `packages/${name}`
  if (!fs.existsSync(dir)) continue
  const up = path.relative(dir, ".")
  const base = `${up}/tsconfig.base.json`
  const rel = (d) => path.relative(dir, `packages/${d}`)
  w(`${dir}/tsconfig.json`, {
    extends: base,
    include: [],
    references: [{ path: "tsconfig.src.json" }, { path: "tsconfig.test.json" }]
  })
  w(`${dir}/tsconfig.src.json`, {
    extends: base,
    include: ["src"],
    references: ds.map((d) => ({ path: `${rel(d)}/tsconfig.src.json` })),
    compilerOptions: {
      types: nodeTypes.has(name) ? ["node"] : [],
      rootDir: "src",
      outDir: "build/src",
      emitDeclarationOnly: true,
      tsBuildInfoFile: "build/src.tsbuildinfo"
    }
  })
  w(`${dir}/tsconfig.test.json`, {
    extends: base,
    include: ["test"],
    references: [
      { path: "tsconfig.src.json" },
      ...[...new Set([...ds, ...(testDeps[name] ?? [])])].map((d) => ({ path: `${rel(d)}/tsconfig.src.json` }))
    ],
    compilerOptions: {
      types: ["node"],
      rootDir: "test",
      noEmit: true,
      tsBuildInfoFile: "build/test.tsbuildinfo",
      // An Effect 4 test that starts the emulator (an Effect 3 package) loads both majors, and both lines'
      // core, on purpose.
      ...(name.startsWith("effect4/") &&
          [...ds, ...(testDeps[name] ?? [])].some((d) => d === "emulator" || d === "behaviour")
        ? { plugins: [{ ...basePlugin, allowedDuplicatedPackages: ["effect", "@sutro-effect/core"] }] }
        : {})
    }
  })
  w(`${dir}/tsconfig.build.json`, {
    extends: base,
    include: ["src"],
    references: ds.map((d) => ({ path: `${rel(d)}/tsconfig.build.json` })),
    compilerOptions: {
      types: nodeTypes.has(name) ? ["node"] : [],
      rootDir: "src",
      outDir: "dist",
      declarationDir: "dist",
      tsBuildInfoFile: "build/build.tsbuildinfo"
    }
  })
}
// A package is in the solution once it has sources (packages/examples has no index.ts: nothing imports it).
const names = Object.keys(deps).filter((n) => fs.existsSync(`packages/${n}/src`))
w("tsconfig.json", { files: [], references: names.map((n) => ({ path: `packages/${n}` })) })
// The examples and the behaviour suites are type-checked and tested, never built or published.
const built = names.filter((n) => n !== "examples" && n !== "effect4/examples" && n !== "behaviour")
w("tsconfig.build.json", { files: [], references: built.map((n) => ({ path: `packages/${n}/tsconfig.build.json` })) })

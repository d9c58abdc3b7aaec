// Writes every package's tsconfig.{json,src.json,test.json,build.json} and the root solution files
// from one table of dependencies. Run it after adding a package or a dependency between packages:
//   node scripts/gen-tsconfig.mjs
import fs from "node:fs"
const deps = {
  core: [],
  client: ["core"],
  node: ["core", "client"],
  browser: ["core", "client"],
  emulator: ["core"],
  cli: ["core", "client", "node", "emulator"],
  bench: ["core", "client", "node", "browser", "emulator"],
  examples: ["core", "client", "node", "browser", "emulator"],
  rehearsal: []
}
const testDeps = {
  client: ["emulator"],
  node: ["emulator"],
  browser: ["emulator"],
  cli: [],
  core: [],
  emulator: [],
  bench: [],
  examples: [],
  rehearsal: []
}
const nodeTypes = {
  core: false,
  client: false,
  browser: false,
  node: true,
  emulator: true,
  cli: true,
  bench: true,
  examples: true,
  rehearsal: true
}
const w = (p, o) => fs.writeFileSync(p, JSON.stringify(o, null, 2) + "\n")
for (const [name, ds] of Object.entries(deps)) {
  const dir = `packages/${name}`
  w(`${dir}/tsconfig.json`, {
    extends: "../../tsconfig.base.json",
    include: [],
    references: [{ path: "tsconfig.src.json" }, { path: "tsconfig.test.json" }]
  })
  w(`${dir}/tsconfig.src.json`, {
    extends: "../../tsconfig.base.json",
    include: ["src"],
    references: ds.map((d) => ({ path: `../${d}/tsconfig.src.json` })),
    compilerOptions: {
      types: nodeTypes[name] ? ["node"] : [],
      rootDir: "src",
      outDir: "build/src",
      emitDeclarationOnly: true,
      tsBuildInfoFile: "build/src.tsbuildinfo"
    }
  })
  w(`${dir}/tsconfig.test.json`, {
    extends: "../../tsconfig.base.json",
    include: ["test"],
    references: [
      { path: "tsconfig.src.json" },
      ...[...new Set([...ds, ...testDeps[name]])].map((d) => ({ path: `../${d}/tsconfig.src.json` }))
    ],
    compilerOptions: {
      types: ["node"],
      rootDir: "test",
      noEmit: true,
      tsBuildInfoFile: "build/test.tsbuildinfo"
    }
  })
  w(`${dir}/tsconfig.build.json`, {
    extends: "../../tsconfig.base.json",
    include: ["src"],
    references: ds.map((d) => ({ path: `../${d}/tsconfig.build.json` })),
    compilerOptions: {
      types: nodeTypes[name] ? ["node"] : [],
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
// The examples are type-checked and tested, never built or published.
const built = names.filter((n) => n !== "examples")
w("tsconfig.build.json", { files: [], references: built.map((n) => ({ path: `packages/${n}/tsconfig.build.json` })) })

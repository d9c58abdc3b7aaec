// Fails when the install holds more than one effect 4.x: a Redacted, a Tag or a Schema made by one copy is
// not recognised by the other ("Unable to get redacted value"), so the Effect 4 line's tests would fail for
// a reason that has nothing to do with the code under test. Used by scripts/effect4-newest.sh.
import * as fs from "node:fs"

const store = "node_modules/.pnpm"
const copies = fs.readdirSync(store).filter((name) => /^effect@4\./.test(name))
const versions = [...new Set(copies.map((name) => name.slice("effect@".length).split("_")[0]))]
if (versions.length !== 1) {
  process.stderr.write(
    `effect4-one-copy: expected one effect 4.x in ${store}, found ${versions.length}: ${versions.join(", ")}\n` +
      "every packages/effect4/*/package.json must name the same effect version\n"
  )
  process.exit(1)
}
process.stdout.write(`effect4-one-copy: effect ${versions[0]}\n`)

// Runs Verdaccio on 127.0.0.1, port 0, with the configuration (JSON) in the file named by argv[2], and
// prints `listening PORT` once it accepts connections. It exits when its standard input closes, so it
// never outlives the test that started it.
import fs from "node:fs"
import { runServer } from "verdaccio"

const configuration = JSON.parse(fs.readFileSync(process.argv[2], "utf8"))
const server = await runServer(configuration)
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`listening ${server.address().port}\n`)
})
process.stdin.on("end", () => process.exit(0))
process.stdin.resume()

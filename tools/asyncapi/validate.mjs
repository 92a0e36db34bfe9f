// node validate.mjs <asyncapi.yaml>...: prints each document's errors (severity 0) and exits 1 if any.
import { readFileSync } from "node:fs";
import { Parser } from "@asyncapi/parser";

const parser = new Parser();
let failed = false;
for (const file of process.argv.slice(2)) {
  const { diagnostics } = await parser.parse(readFileSync(file, "utf8"), { source: file });
  const errors = diagnostics.filter((d) => d.severity === 0);
  for (const e of errors) console.log(`${file}: ${e.code}: ${e.message} at ${e.path.join(".")}`);
  if (errors.length === 0) console.log(`${file}: valid`);
  failed ||= errors.length > 0;
}
process.exit(failed ? 1 : 0);

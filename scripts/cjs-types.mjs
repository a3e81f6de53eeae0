// The CommonJS entry's types: the same declarations tsc wrote for the ES build, copied beside
// index.cjs under a package.json of "type": "commonjs", so that TypeScript reads them as
// CommonJS (a .cts consumer's require gets types, not error TS1479).
import { cpSync, writeFileSync } from "node:fs";

// The CLI and the sandbox are not part of the library's require() entry.
const skip = /^dist\/src\/(cli|sandbox)(\/|$)|\.(js|json)$/;
for (const dir of ["src", "generated"]) cpSync(`dist/${dir}`, `dist/cjs/${dir}`, { recursive: true, filter: (from) => !skip.test(from) });
writeFileSync("dist/cjs/package.json", `${JSON.stringify({ type: "commonjs" })}\n`);

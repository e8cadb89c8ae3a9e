// Checks that every package in package-lock.json runs on the oldest Node.js tools/dev.sh may
// install (Debian 12's nodejs 18.19+): a lock file that pulled in a Node 20-only package would pass
// on a machine with a newer node and break on a fresh Debian 12.
"use strict";

const fs = require("fs");
const path = require("path");
const semver = require("semver");

const oldest = process.argv[2] || "18.19.0";
const lock = JSON.parse(fs.readFileSync(path.join(__dirname, "package-lock.json"), "utf8"));
const bad = [];
for (const [where, pkg] of Object.entries(lock.packages || {})) {
  if (!where || pkg.optional) continue;
  const wanted = pkg.engines && pkg.engines.node;
  if (wanted && !semver.satisfies(oldest, wanted)) bad.push(`${where.replace(/^node_modules\//, "")}@${pkg.version} needs node ${wanted}`);
}
if (bad.length > 0) {
  console.error(`package-lock.json holds packages that do not run on Node.js ${oldest}:\n  ${bad.join("\n  ")}`);
  process.exit(1);
}
console.log(`package-lock.json: every package runs on Node.js ${oldest} (${Object.keys(lock.packages).length - 1} packages)`);

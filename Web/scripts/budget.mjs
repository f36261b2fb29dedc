// Reports what a first visit to the messenger downloads (the scripts index.html loads and preloads),
// gzipped, and fails the build over budget. The browser test measures the same from the page itself.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const root = new URL("../../Gateway/wwwroot/", import.meta.url);
const BUDGET = 60 * 1024;
const html = readFileSync(new URL("index.html", root), "utf8");
const scripts = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
let total = 0;
for (const file of scripts) {
  const size = gzipSync(readFileSync(new URL(file, root)), { level: 9 }).length;
  total += size;
  console.log(`  ${file}: ${(size / 1024).toFixed(1)} KB gzipped`);
}
console.log(`first-visit JavaScript: ${(total / 1024).toFixed(1)} KB gzipped (budget ${BUDGET / 1024} KB)`);
if (total > BUDGET) {
  console.error("over budget");
  process.exit(1);
}

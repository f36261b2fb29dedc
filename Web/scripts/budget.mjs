// Reports what a first visit to each page downloads (the scripts its HTML loads and preloads),
// gzipped, and fails the build over budget. The browser tests measure the same from the pages.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const root = new URL("../../Gateway/wwwroot/", import.meta.url);
// The messenger; the admin panel carries uPlot on top of the same preact and SignalR.
const PAGES = [
  { page: "index.html", name: "messenger", budget: 60 * 1024 },
  { page: "admin.html", name: "admin panel", budget: 90 * 1024 },
];

let over = false;
for (const { page, name, budget } of PAGES) {
  const html = readFileSync(new URL(page, root), "utf8");
  const scripts = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  let total = 0;
  for (const file of scripts) {
    const size = gzipSync(readFileSync(new URL(file, root)), { level: 9 }).length;
    total += size;
    console.log(`  ${file}: ${(size / 1024).toFixed(1)} KB gzipped`);
  }
  console.log(`${name} first-visit JavaScript: ${(total / 1024).toFixed(1)} KB gzipped (budget ${budget / 1024} KB)`);
  if (total > budget) {
    console.error(`${name} is over budget`);
    over = true;
  }
}
if (over) process.exit(1);

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import preact from "@preact/preset-vite";
import { defineConfig, type Plugin } from "vite";

const require = createRequire(import.meta.url);

/** The emoji picker's data, served by our own server (its default source is a CDN). */
function emojiData(): Plugin {
  return {
    name: "emoji-data",
    generateBundle() {
      for (const locale of ["en", "ru"]) {
        const file = require.resolve(`emoji-picker-element-data/${locale}/emojibase/data.json`);
        this.emitFile({ type: "asset", fileName: `emoji/${locale}.json`, source: readFileSync(file, "utf8") });
      }
    },
  };
}

// Stable file names (no hashes): the built client is committed into Gateway/wwwroot, CI rebuilds it
// and compares, and the server revalidates every file (no-cache with ETag) instead of caching by name.
export default defineConfig({
  plugins: [preact(), emojiData()],
  build: {
    outDir: "../Gateway/wwwroot",
    emptyOutDir: true,
    target: "es2022",
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    rollupOptions: {
      input: { messenger: "index.html", admin: "admin.html", compat: "compat/socket-compat.ts" },
      preserveEntrySignatures: "exports-only",
      output: {
        entryFileNames: "assets/[name].js",
        chunkFileNames: "assets/[name].js",
        assetFileNames: "assets/[name][extname]",
        // What the messenger page and the old-API shim share (SignalR, the protocol client) is one chunk;
        // preact, which the messenger and the admin panel share, another (named, so the output stays stable).
        manualChunks: (id: string) =>
          id.includes("/shared/") || id.includes("@microsoft/signalr")
            ? "shared"
            : id.includes("/node_modules/preact/") || id.includes("/node_modules/@preact/signals")
              ? "preact"
              : undefined,
      },
    },
  },
  test: { include: ["tests/**/*.test.ts"], environment: "node" },
});

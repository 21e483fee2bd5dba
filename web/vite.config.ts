import { renameSync } from "node:fs";
import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

const outDir = resolve(import.meta.dirname, "../api/wwwroot");

export default defineConfig({
  build: {
    outDir,
    emptyOutDir: true,
    // The polyfill would be fine, but the pane targets browsers that have modulepreload; keep the bundle lean.
    modulePreload: { polyfill: false },
    // The CSP forbids inline script and style: never inline assets as data: URLs.
    assetsInlineLimit: 0,
  },
  plugins: [
    {
      // Sources keep Vite's index.html; the add-in manifest and the API name the page taskpane.html.
      name: "taskpane-html",
      apply: "build",
      writeBundle() {
        renameSync(resolve(outDir, "index.html"), resolve(outDir, "taskpane.html"));
      },
    },
  ],
  test: {
    environment: "happy-dom",
    include: ["test/**/*.test.ts"],
  },
});

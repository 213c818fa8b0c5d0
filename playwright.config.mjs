// playwright.config.mjs — browser tests of the page in Debian's Chromium, against build/site served
// on 127.0.0.1 under a sub-path (/site/), as a static host would (build.sh builds it; nothing is downloaded).
import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.CNNLAB_E2E_PORT ?? 8765);
// The folder that holds site/ (build/site by default; a developer can point it at another build).
const ROOT = process.env.CNNLAB_E2E_ROOT ?? 'build';

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'build/e2e/results',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,  // two cores: one browser at a time keeps training timings honest
  retries: 0,
  reporter: 'list',
  use: {
    baseURL: `http://127.0.0.1:${PORT}/site/`,
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    screenshot: 'only-on-failure',
    // main.js registers sw.js (offline copy, cross-origin isolation from the next visit); tests
    // that want it (threads.spec.mjs, offline.spec.mjs) allow service workers themselves.
    serviceWorkers: 'block',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CNNLAB_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
      ],
    },
  },
  webServer: {
    command: `python3 -m http.server ${PORT} --bind 127.0.0.1 --directory ${ROOT}`,
    url: `http://127.0.0.1:${PORT}/site/index.html`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'ignore',
  },
});

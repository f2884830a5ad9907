// Lighthouse (package.json pins it) over the pages given as arguments, one
// Chromium for all of them; prints one JSON summary per page on stdout.
// Used by test_lighthouse.py: `node lighthouse_run.mjs URL...` with CHROME_PATH set.
//
// Offline: Chromium resolves no host name but 127.0.0.1 (--host-resolver-rules),
// Lighthouse runs with no plugins and no error reporting, and every request a
// page made is listed so the test can refuse any that left the local server.
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const CHROME_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];

function summary(lhr) {
  const categories = {};
  for (const id of CATEGORIES) {
    const category = lhr.categories[id];
    // The audits that cost points: scored (weight > 0) and not passed.
    const failing = category.auditRefs
      .filter((ref) => ref.weight > 0)
      .map((ref) => lhr.audits[ref.id])
      .filter((audit) => audit.score !== null && audit.score < 1)
      .map((audit) => ({
        id: audit.id,
        title: audit.title,
        score: audit.score,
        value: audit.displayValue || "",
      }));
    categories[id] = { score: Math.round(category.score * 100), failing };
  }
  const requests = (lhr.audits["network-requests"].details?.items || []).map((item) => item.url);
  const metrics = {};
  for (const id of ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
    "cumulative-layout-shift", "speed-index"]) {
    metrics[id] = lhr.audits[id].displayValue || "";
  }
  return {
    url: lhr.requestedUrl,
    finalUrl: lhr.finalDisplayedUrl,
    categories,
    requests,
    metrics,
    warnings: lhr.runWarnings,
    error: lhr.runtimeError ? lhr.runtimeError.message : null,
  };
}

const urls = process.argv.slice(2);
const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH, chromeFlags: CHROME_FLAGS });
try {
  for (const url of urls) {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: CATEGORIES,
      formFactor: "mobile",
      throttlingMethod: "simulate",
    });
    process.stdout.write(JSON.stringify(summary(result.lhr)) + "\n");
  }
} finally {
  await chrome.kill();
}

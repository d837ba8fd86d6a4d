// The web page (service/web/assets) in a real browser against the real
// server: Debian's chromium, headless, driven by playwright-core (which
// downloads no browser). Run by ctest (tests/web/CMakeLists.txt):
//
//   node page_test.js <statusinfo-server binary>
//
// It starts the server on free ports (--address and --http_address at port
// 0), reads the bound HTTP port from the start-up log line, and checks what
// a person does with the page: load it, search as they type, open a code,
// paste a response head, see an API error, and do the search with the
// keyboard alone. Every request must succeed, stay on the server's origin
// and keep the console free of errors (a strict Content-Security-Policy
// included). At desktop and phone width the page must fit the screen and
// pass axe-core's WCAG 2.1 A and AA rules; screenshots of both go into a
// temp dir of the test's own, removed at the end unless
// STATUSINFO_WEB_SCREENSHOT_DIR names a directory to keep them in.
//
// Exit status: 0 passed, 1 failed, 77 skipped (no chromium; ctest's
// SKIP_RETURN_CODE).
"use strict";

const assert = require("node:assert/strict");
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const readline = require("node:readline");

const CHROMIUM = process.env.STATUSINFO_CHROMIUM || "/usr/bin/chromium";
const SKIP = 77;

// ---- The server as a child process. ----

// Starts the server and resolves with { child, url } once its "serving" line
// names the HTTP port; rejects with what it printed if it exits first.
function startServer(binary) {
  const child = spawn(binary, [
    "--address=127.0.0.1:0", "--http_address=127.0.0.1:0",
    "--drain_delay=0s", "--log_level=info",
  ], { stdio: ["ignore", "ignore", "pipe"] });
  const seen = [];
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stderr });
    lines.on("line", (line) => {
      seen.push(line);
      let event = null;
      try {
        event = JSON.parse(line);
      } catch (e) {
        return;
      }
      if (event.event !== "serving") return;
      const port = event.http_port;
      if (!Number.isInteger(port) || port <= 0) {
        reject(new Error("the serving line has no http_port: " + line));
        return;
      }
      resolve({ child, url: "http://127.0.0.1:" + port + "/" });
    });
    child.on("exit", (code, signal) => reject(new Error(
      "the server exited (" + (signal || code) + ") before serving:\n" +
      seen.join("\n"))));
  });
}

// SIGTERM, then the exit status (the drain delay is 0).
function stopServer(child) {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.on("exit", (code, signal) => resolve(signal ? -1 : code));
    child.kill("SIGTERM");
  });
}

// ---- What the browser reports. ----

// A policy as strict as a page can have: no inline script or style, nothing
// from another origin. Sent with the page when the server sends none, so
// that any breach shows up as a console error.
const STRICT_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; " +
  "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; " +
  "frame-ancestors 'none'";

// Collects console errors, page errors, failed requests, requests to other
// origins and HTTP error responses; `allowed(url, status)` says which error
// responses a check provokes on purpose.
async function watch(page, url, problems, allowed) {
  const origin = new URL(url).origin;
  await page.route(origin + "/", async (route) => {
    const response = await route.fetch();
    const headers = response.headers();
    if (!headers["content-security-policy"]) {
      headers["content-security-policy"] = STRICT_CSP;
    }
    await route.fulfill({ response, headers });
  });
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    // Chromium logs every 4xx fetch as a console error; the ones a check
    // provokes are expected, and their responses are checked below.
    const url = message.location().url || "";
    if (/Failed to load resource/.test(message.text()) && allowed(url)) return;
    problems.push("console error: " + message.text() + " " + url);
  });
  page.on("pageerror", (error) => problems.push("page error: " + error.message));
  page.on("request", (request) => {
    if (!request.url().startsWith(origin)) {
      problems.push("request to another origin: " + request.url());
    }
  });
  page.on("requestfailed", (request) => problems.push(
    "request failed: " + request.url() + " " + request.failure().errorText));
  page.on("response", (response) => {
    if (response.status() >= 400 && !allowed(response.url(), response.status())) {
      problems.push("HTTP " + response.status() + " for " + response.url());
    }
  });
}

// ---- The checks. Each gets a fresh page. ----

// The service's rules hold for its own page: each file's response head,
// checked by the server's ValidateResponse, has no ERROR finding.
async function assertOwnHeadsConform(page, url, responses) {
  for (const response of responses) {
    const body = await response.body();
    const check = await page.request.post(url + "v1/responses:validate", {
      data: {
        statusCode: response.status(),
        headers: await response.headersArray(),
        hasContent: body.length > 0,
        request: { method: "GET" },
      },
    });
    assert.equal(check.status(), 200);
    const errors = ((await check.json()).findings || [])
      .filter((f) => f.severity === "SEVERITY_ERROR")
      .map((f) => f.ruleId + ": " + f.message);
    assert.deepEqual(errors, [], response.url());
  }
}

async function checkLoad(page, url) {
  const files = [];
  page.on("response", (r) => {
    if (!new URL(r.url()).pathname.startsWith("/v1/")) files.push(r);
  });
  // The icon may be asked for after the page has loaded.
  const icon = page.waitForResponse((r) => r.url().endsWith("/assets/icon.svg"));
  await page.goto(url);
  assert.equal(await page.title(), "statusinfo: HTTP status codes");
  // The class listing loads on its own: every registered code.
  await page.locator("#browse-results a[href='#404']").waitFor();
  assert.match(await page.locator("#browse-status").textContent(), /^\d+ codes\.$/);
  // One class only.
  await page.getByLabel("5xx server error").check();
  await page.locator("#browse-results a[href='#503']").waitFor();
  await page.locator("#browse-results a[href='#404']").waitFor({ state: "detached" });
  await icon;
  assert.deepEqual(files.map((r) => new URL(r.url()).pathname).sort(),
    ["/", "/assets/app.css", "/assets/app.js", "/assets/icon.svg"]);
  await assertOwnHeadsConform(page, url, files);
}

// Waits until the results on show are those for `query` (typing sends
// queries for its prefixes too, and their answers may come first).
async function searchAnswered(page, query) {
  await page.waitForFunction((q) => document.getElementById("search-status")
    .textContent.includes("for \u201c" + q + "\u201d"), query);
}

async function checkSearchTeapot(page, url) {
  await page.goto(url);
  await page.getByLabel("Number, phrase or keyword").fill("teapot");
  await searchAnswered(page, "teapot");
  const first = page.locator("#search-results a").first();
  assert.equal(await first.getAttribute("href"), "#418");
}

async function checkOpen503(page, url) {
  await page.goto(url + "#503");
  const heading = page.locator("#entry-heading");
  await page.waitForFunction(() =>
    document.getElementById("entry-heading").textContent === "503 Service Unavailable");
  assert.ok(await heading.evaluate((h) => h === document.activeElement),
    "the opened entry's heading has the focus");
  assert.equal(await page.title(), "503 Service Unavailable \u2013 statusinfo");
  const retry = page.locator("#entry-body dt:text-is('Retrying') + dd");
  assert.match(await retry.textContent(), /Retry-After/);
  // The gRPC mappings come from a second call (TranslateStatus).
  const grpc = page.locator("#entry-body dt:text-is('gRPC') + dd li");
  await grpc.nth(1).waitFor();
  assert.match(await grpc.nth(0).textContent(), /^A gRPC client .* reports UNAVAILABLE \(14\)/);
  assert.match(await grpc.nth(1).textContent(), /closest in meaning is UNAVAILABLE \(14\)/);
  const reference = page.locator("#entry-body .references a").first();
  assert.equal(await reference.getAttribute("href"),
    "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4");
}

// Opens the page and pastes `lines` into the checker's box.
async function paste(page, url, lines, newline) {
  await page.goto(url);
  await page.getByLabel(/Paste a response head/).fill(lines.join(newline));
}

async function checkPaste204(page, url) {
  await paste(page, url, ["$ curl -i http://example.test/empty",
    "HTTP/1.1 204 No Content", "Date: Fri, 04 Dec 2026 17:00:00 GMT",
    "Content-Length: 0", "", ""], "\r\n");
  await page.keyboard.press("Control+Enter");  // the box has the focus
  const error = page.locator(".finding.severity-error").first();
  await error.waitFor();
  assert.match(await error.textContent(), /^ERROR.*Content-Length.*204-content-length/s);
  assert.match(await error.locator("a").getAttribute("href"),
    /^https:\/\/www\.rfc-editor\.org\/rfc\/rfc9110#section-/);
  assert.match(await page.locator(".verdict").textContent(), /^Does not conform: 1 error/);
}

// `curl -i` output with an interim head before the final one: each head is
// checked on its own, and the content after the last one counts as content.
async function checkCurlHeads(page, url) {
  await paste(page, url, ["HTTP/1.1 100 Continue", "", "HTTP/2 200 ",
    "content-type: text/plain", "date: Fri, 04 Dec 2026 17:00:00 GMT", "",
    "hello", ""], "\n");
  await page.keyboard.press("Tab");  // to the method, then the button
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  const results = page.locator(".head-result");
  await results.nth(1).waitFor();
  assert.equal(await results.count(), 2);
  assert.equal((await results.nth(0).locator("h3").textContent()).trim(),
    "HTTP/1.1 100 Continue");
  assert.equal((await results.nth(1).locator("h3").textContent()).trim(), "HTTP/2 200");
  assert.match(await results.nth(1).locator(".verdict").textContent(), /^Conforms/);
}

// API errors are shown as the server's message with its details: an
// unassigned code, and a query over the byte limit (130 two-byte characters
// pass the box's limit of 256 characters).
async function checkApiError(page, url) {
  await page.goto(url + "#299");
  const entryAlert = page.locator("#entry-body [role=alert]");
  await entryAlert.waitFor();
  const text = await entryAlert.textContent();
  assert.match(text, /HTTP 404 NOT_FOUND/);
  assert.match(text, /299/);
  await page.getByLabel("Number, phrase or keyword").fill("\u00e9".repeat(130));
  const searchAlert = page.locator("#search-status [role=alert]");
  await searchAlert.waitFor();
  assert.match(await searchAlert.textContent(),
    /HTTP 400 INVALID_ARGUMENT.*query: .*256 bytes.*Reason: QUERY_TOO_LONG/s);
}

// Tab from the top of the page to the search box, type, arrow into the
// results, Enter to open one: no mouse.
async function checkKeyboardSearch(page, url) {
  await page.goto(url);
  await page.keyboard.press("Tab");  // the skip link comes first
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "search-input");
  await page.keyboard.type("teapot");
  await searchAnswered(page, "teapot");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("href")), "#418");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() =>
    document.activeElement.id === "entry-heading" &&
    document.activeElement.textContent.startsWith("418 "));
  // Back to the search box and a number: Enter opens it directly.
  await page.locator("#search-input").focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.type("503");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() =>
    document.getElementById("entry-heading").textContent.startsWith("503 "));
}

// The page with everything on it: an entry, search results, the class
// listing and findings.
async function showEverything(page, url) {
  await paste(page, url + "#503",
    ["HTTP/1.1 204 No Content", "Content-Length: 0", ""], "\n");
  await page.locator("#entry-body .references a").waitFor();
  await page.locator("#browse-results a").first().waitFor();
  await page.getByLabel("Number, phrase or keyword").fill("teapot");
  await searchAnswered(page, "teapot");
  await page.getByRole("button", { name: "Check" }).click();
  await page.locator(".finding").first().waitFor();
}

// axe-core's WCAG 2.1 A and AA rules (labels, contrast, landmarks, ARIA...)
// over the whole page; evaluated by the test, so the page's CSP is not
// involved.
async function axeViolations(page) {
  await page.evaluate(fs.readFileSync(require.resolve("axe-core"), "utf8"));
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
  }));
  return result.violations.map((v) => v.id + ": " + v.help + " (" +
    v.nodes.map((n) => n.target.join(" ")).join(", ") + ")");
}

// At desktop and phone width: nothing wider than the screen, no
// accessibility violation, and a screenshot to look at.
async function checkLayouts(browser, url, dir, problems) {
  const sizes = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };
  for (const [name, viewport] of Object.entries(sizes)) {
    const context = await browser.newContext({ viewport, isMobile: name === "phone" });
    const page = await context.newPage();
    await watch(page, url, problems, () => false);
    await showEverything(page, url);
    const overflow = await page.evaluate(() =>
      document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, name + ": the page is " + overflow + "px too wide");
    assert.deepEqual(await axeViolations(page), [], name + ": axe-core violations");
    const file = path.join(dir, "page-" + name + ".png");
    await page.screenshot({ path: file, fullPage: true });
    console.log("ok - layout at " + name + " width; screenshot: " + file);
    await context.close();
  }
}

// ---- Running. ----

async function runChecks(browser, url, problems) {
  const checks = [checkLoad, checkSearchTeapot, checkOpen503, checkPaste204,
    checkCurlHeads, checkApiError, checkKeyboardSearch];
  let failed = 0;
  for (const check of checks) {
    const context = await browser.newContext();
    const page = await context.newPage();
    // Only the API error check may see an error response, and only its own.
    await watch(page, url, problems, check === checkApiError
      ? (u) => /\/v1\/statusCodes(\/299|:search\?)/.test(u) : () => false);
    try {
      await check(page, url);
      console.log("ok - " + check.name);
    } catch (error) {
      failed++;
      console.log("not ok - " + check.name + "\n" + error.stack);
    }
    await context.close();
  }
  return failed;
}

async function main() {
  const binary = process.argv[2];
  if (!fs.existsSync(CHROMIUM)) {
    console.log("SKIPPED: " + CHROMIUM + " is not installed (Debian package " +
      "chromium; scripts/install_deps.sh installs it, and CI has it)");
    return SKIP;
  }
  let chromium;
  try {
    ({ chromium } = require("playwright-core"));
    require.resolve("axe-core");
  } catch (error) {
    console.log("not ok - the test's npm packages are missing: run " +
      "'npm ci --prefix tests/web' (scripts/install_deps.sh does)\n" + error.message);
    return 1;
  }
  const keep = process.env.STATUSINFO_WEB_SCREENSHOT_DIR;
  const dir = keep || fs.mkdtempSync(path.join(os.tmpdir(), "statusinfo-web-"));
  // STATUSINFO_WEB_URL: check a server that is already running instead.
  const server = process.env.STATUSINFO_WEB_URL
    ? { child: null, url: process.env.STATUSINFO_WEB_URL }
    : await startServer(binary);
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  const problems = [];
  let failed = 0;
  try {
    failed = await runChecks(browser, server.url, problems);
    await checkLayouts(browser, server.url, dir, problems);
  } catch (error) {
    failed++;
    console.log("not ok - checkLayouts\n" + error.stack);
  } finally {
    await browser.close();
    if (server.child) {
      const status = await stopServer(server.child);
      if (status !== 0) problems.push("the server exited with " + status);
    }
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  }
  for (const problem of problems) console.log("not ok - " + problem);
  return failed === 0 && problems.length === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (error) => {
  console.log("not ok - " + error.stack);
  process.exit(1);
});

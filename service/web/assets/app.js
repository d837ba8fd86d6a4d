// The statusinfo web page: search, browse and read status codes, and check a
// pasted response head. It calls the server's own HTTP/JSON API (the same
// origin, /v1/...), whose JSON is protobuf's JSON mapping of
// proto/statusinfo/v1: lowerCamelCase names, enums as names, and fields at
// their default value (0, false, "") left out. No framework, no other host,
// no inline script or style, so a strict Content-Security-Policy holds.
"use strict";

(function () {
  // ---- Words for the enums (proto/statusinfo/v1/status_code.proto). ----

  const CLASS_TEXT = {
    STATUS_CLASS_INFORMATIONAL: "1xx informational",
    STATUS_CLASS_SUCCESSFUL: "2xx successful",
    STATUS_CLASS_REDIRECTION: "3xx redirection",
    STATUS_CLASS_CLIENT_ERROR: "4xx client error",
    STATUS_CLASS_SERVER_ERROR: "5xx server error",
  };
  const REGISTRY_TEXT = {
    REGISTRY_STATUS_REGISTERED: "Registered in the IANA registry.",
    REGISTRY_STATUS_TEMPORARY:
      "Registered for a limited time (a temporary IANA registration).",
    REGISTRY_STATUS_DEPRECATED:
      "Registered, but the specification that defines it deprecates it.",
    REGISTRY_STATUS_UNUSED:
      "Reserved and not in use: the registry lists it as \"(Unused)\" so " +
      "that nobody assigns it again.",
    REGISTRY_STATUS_UNOFFICIAL:
      "Not in the IANA registry; sent by widely used software.",
  };
  const RETRY_TEXT = {
    RETRY_GUIDANCE_NOT_APPLICABLE: "Not an error, so there is nothing to retry.",
    RETRY_GUIDANCE_DO_NOT_RETRY:
      "Do not send the same request again: it will fail the same way. " +
      "Change it first.",
    RETRY_GUIDANCE_RETRY_WITH_BACKOFF:
      "Retrying later may work. When the response has a Retry-After field, " +
      "wait at least that long; otherwise back off between attempts.",
    RETRY_GUIDANCE_RETRY_AFTER_CHANGE:
      "Retry once something has changed: credentials supplied, a " +
      "precondition refreshed or a conflict resolved.",
  };
  const LEVEL_TEXT = {
    REQUIREMENT_LEVEL_MUST: "must",
    REQUIREMENT_LEVEL_SHOULD: "should",
    REQUIREMENT_LEVEL_MAY: "may",
  };
  const SEVERITY_TEXT = {
    SEVERITY_ERROR: "ERROR",
    SEVERITY_WARNING: "WARNING",
    SEVERITY_INFO: "INFO",
  };
  // google.rpc.Code names, for errors the API returns.
  const RPC_CODE_NAMES = [
    "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
    "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
    "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
  ];

  // ---- DOM helpers. Text always goes in as text, never as markup. ----

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (name === "class") node.className = value;
      else node.setAttribute(name, value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function $(id) {
    return document.getElementById(id);
  }

  // A link for a reference: its own URI, or the RFC Editor's address for
  // "RFC n" with an optional section. Plain text when neither applies.
  function referenceLink(text, uri) {
    let href = uri || "";
    const rfc = /^RFC (\d+)(?:, Section ([0-9A-Z.]+))?$/.exec(text);
    if (!href && rfc) {
      href = "https://www.rfc-editor.org/rfc/rfc" + rfc[1] +
        (rfc[2] ? "#section-" + rfc[2] : "");
    }
    if (!/^https?:\/\//.test(href)) return document.createTextNode(text);
    return el("a", { href: href, rel: "noreferrer" }, text);
  }

  function referenceText(reference) {
    return reference.section
      ? reference.document + ", Section " + reference.section
      : reference.document;
  }

  // ---- Calling the API. ----

  class ApiError extends Error {
    constructor(httpStatus, body) {
      super(body && body.message ? body.message : "HTTP " + httpStatus);
      this.httpStatus = httpStatus;
      this.body = body || {};
    }
  }

  async function api(path, body) {
    const init = body === undefined ? {} : {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    };
    const response = await fetch(path, init);
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : {};
    } catch (e) {
      json = { message: text.slice(0, 200) };
    }
    if (!response.ok) throw new ApiError(response.status, json);
    return json;
  }

  // The error as a person reads it: what failed, the server's message, and
  // the google.rpc details (fields and reasons) when there are any.
  function errorNode(what, error) {
    if (!(error instanceof ApiError)) {
      return el("div", { class: "error", role: "alert" },
        el("p", {}, what + ": the statusinfo server could not be reached (" +
          error.message + ")."));
    }
    const rpcCode = RPC_CODE_NAMES[error.body.code] || "";
    const node = el("div", { class: "error", role: "alert" },
      el("p", {}, what + ": the server answered HTTP " + error.httpStatus +
        (rpcCode ? " " + rpcCode : "") + "."),
      el("p", {}, error.message));
    const items = [];
    for (const detail of error.body.details || []) {
      for (const v of detail.fieldViolations || []) {
        // Most messages already are "field: description"; say it once.
        if (error.message === v.field + ": " + v.description) continue;
        items.push(el("li", {}, el("code", {}, v.field || "request"), ": " +
          v.description));
      }
      if (detail.reason) items.push(el("li", {}, "Reason: " + detail.reason));
    }
    if (items.length > 0) node.append(el("ul", {}, ...items));
    return node;
  }

  // ---- Lists of codes (search results and the class listing). ----

  function codeItem(entry) {
    return el("li", {},
      el("a", { href: "#" + entry.code, class: "code-link" },
        el("span", { class: "code-number" }, String(entry.code)),
        el("span", { class: "code-phrase" }, entry.reasonPhrase || ""),
        entry.registryStatus === "REGISTRY_STATUS_UNOFFICIAL"
          ? el("span", { class: "tag" }, "unofficial") : null,
        el("span", { class: "code-summary" }, entry.summary || "")));
  }

  // Arrow keys move between the links of a list; Home and End jump to its
  // ends; ArrowUp from the first link returns to `back` (the search box).
  function listKeys(list, back) {
    list.addEventListener("keydown", (event) => {
      const links = Array.from(list.querySelectorAll("a"));
      const at = links.indexOf(document.activeElement);
      if (at < 0) return;
      let next = null;
      if (event.key === "ArrowDown") next = links[Math.min(at + 1, links.length - 1)];
      else if (event.key === "ArrowUp") next = at === 0 ? back : links[at - 1];
      else if (event.key === "Home") next = links[0];
      else if (event.key === "End") next = links[links.length - 1];
      if (!next) return;
      event.preventDefault();
      next.focus();
    });
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  // ---- Search as you type. ----

  let searchSerial = 0;  // answers to older queries are dropped
  let searchTimer = 0;

  async function runSearch(query) {
    const serial = ++searchSerial;
    const list = $("search-results");
    const status = $("search-status");
    if (query === "") {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    let answer;
    try {
      answer = await api("/v1/statusCodes:search?query=" +
        encodeURIComponent(query) + "&page_size=20");
    } catch (error) {
      if (serial !== searchSerial) return;
      list.replaceChildren();
      status.replaceChildren(errorNode("Search failed", error));
      return;
    }
    if (serial !== searchSerial) return;
    const results = answer.results || [];
    list.replaceChildren(...results.map((r) => codeItem(r.statusCode)));
    status.textContent = results.length === 0
      ? "No status code matches \u201c" + query + "\u201d."
      : plural(results.length, "match", "matches") + " for \u201c" + query +
        "\u201d, best first.";
  }

  function setUpSearch() {
    const input = $("search-input");
    input.addEventListener("input", () => {
      clearTimeout(searchTimer);
      // A short pause so that fast typing sends one request, not one a key.
      searchTimer = setTimeout(() => runSearch(input.value.trim()), 120);
    });
    input.addEventListener("keydown", (event) => {
      const first = $("search-results").querySelector("a");
      if (event.key === "ArrowDown" && first) {
        event.preventDefault();
        first.focus();
      } else if (event.key === "Enter") {
        event.preventDefault();
        clearTimeout(searchTimer);
        const query = input.value.trim();
        // Enter on an exact code opens it; otherwise it searches now.
        if (/^[1-5]\d\d$/.test(query)) location.hash = "#" + query;
        else runSearch(query);
      } else if (event.key === "Escape") {
        input.value = "";
        runSearch("");
      }
    });
    listKeys($("search-results"), input);
  }

  // ---- Every code by class. ----

  let browseSerial = 0;

  async function runBrowse() {
    const serial = ++browseSerial;
    const form = $("browse-form");
    const statusClass = form.elements["class"].value;
    const unofficial = form.elements["unofficial"].checked;
    const status = $("browse-status");
    const entries = [];
    let token = "";
    status.textContent = "Loading\u2026";
    try {
      do {
        let path = "/v1/statusCodes?page_size=1000";
        if (statusClass) path += "&status_class=" + statusClass;
        if (unofficial) path += "&include_unofficial=true";
        if (token) path += "&page_token=" + encodeURIComponent(token);
        const page = await api(path);
        entries.push(...(page.statusCodes || []));
        token = page.nextPageToken || "";
      } while (token !== "" && serial === browseSerial);
    } catch (error) {
      if (serial !== browseSerial) return;
      $("browse-results").replaceChildren();
      status.replaceChildren(errorNode("Listing failed", error));
      return;
    }
    if (serial !== browseSerial) return;
    $("browse-results").replaceChildren(...entries.map(codeItem));
    status.textContent = plural(entries.length, "code", "codes") + ".";
  }

  function setUpBrowse() {
    const form = $("browse-form");
    form.addEventListener("change", runBrowse);
    form.addEventListener("submit", (event) => event.preventDefault());
    listKeys($("browse-results"), null);
    runBrowse();
  }

  // ---- One code's entry. ----

  function fact(term, ...details) {
    return [el("dt", {}, term), el("dd", {}, ...details)];
  }

  function headerTable(requirements) {
    if (!requirements || requirements.length === 0) return null;
    const rows = requirements.map((h) => el("tr", {},
      el("td", {}, el("code", {}, h.fieldName)),
      el("td", {}, LEVEL_TEXT[h.level] || ""),
      el("td", {}, h.condition || "always"),
      el("td", {}, h.reference
        ? referenceLink(referenceText(h.reference), h.reference.uri) : "")));
    return el("table", { class: "headers" },
      el("caption", {}, "Header fields a response with this code carries"),
      el("thead", {}, el("tr", {},
        el("th", { scope: "col" }, "Field"),
        el("th", { scope: "col" }, "Level"),
        el("th", { scope: "col" }, "When"),
        el("th", { scope: "col" }, "Where it is stated"))),
      el("tbody", {}, ...rows));
  }

  function cachingText(entry) {
    const cache = entry.heuristicallyCacheable
      ? "Cacheable by default: a cache may reuse the response without " +
        "explicit freshness information."
      : "Not cacheable by default: a cache reuses the response only when " +
        "its header fields (Cache-Control, Expires) allow it.";
    return el("span", {}, cache + " ",
      referenceLink("RFC 9111, Section 4.2.2"),
      entry.contentForbidden ? " A response with this code never has content." : "");
  }

  function entryFacts(entry, grpcNode) {
    const facts = [
      ...fact("Class", CLASS_TEXT[entry.statusClass] || ""),
      ...fact("Registry", REGISTRY_TEXT[entry.registryStatus] || ""),
      ...fact("Retrying", RETRY_TEXT[entry.retryGuidance] || "No guidance."),
      ...fact("Caching", cachingText(entry)),
      ...fact("gRPC", grpcNode),
    ];
    if (entry.formerPhrases && entry.formerPhrases.length > 0) {
      facts.push(...fact("Also known as", entry.formerPhrases.join("; ")));
    }
    if (entry.origin && entry.origin.vendor) {
      const ref = entry.origin.reference;
      facts.push(...fact("Sent by", entry.origin.vendor,
        ref ? " (" : "", ref ? referenceLink(referenceText(ref), ref.uri) : "",
        ref ? ")" : ""));
    }
    if (entry.relatedCodes && entry.relatedCodes.length > 0) {
      const links = [];
      for (const code of entry.relatedCodes) {
        if (links.length > 0) links.push(", ");
        links.push(el("a", { href: "#" + code }, String(code)));
      }
      facts.push(...fact("Related", ...links));
    }
    return el("dl", { class: "facts" }, ...facts);
  }

  function referenceList(references) {
    if (!references || references.length === 0) return null;
    return el("div", {}, el("h3", {}, "Defined in"),
      el("ul", { class: "references" }, ...references.map((r) =>
        el("li", {}, referenceLink(referenceText(r), r.uri)))));
  }

  // The intro says what a mapping is; a mapping's own note then adds only
  // for the semantic one (which code range it stands for, x00 readings).
  const TRANSLATION_TEXT = {
    TRANSLATION_KIND_HTTP_TO_GRPC_RECEIVED:
      "A gRPC client that gets this status from a server not speaking gRPC " +
      "reports ",
    TRANSLATION_KIND_HTTP_TO_GRPC_SEMANTIC:
      "The gRPC code closest in meaning is ",
  };

  // How this HTTP status translates to gRPC codes, each mapping with its
  // source (TranslateStatus; the entry itself has the received code only).
  async function fillGrpc(node, code) {
    let answer;
    try {
      answer = await api("/v1/statuses:translate?http_status_code=" + code);
    } catch (error) {
      node.replaceChildren(errorNode("The gRPC mapping could not be loaded", error));
      return;
    }
    const items = (answer.translations || []).map((t) => el("li", {},
      TRANSLATION_TEXT[t.kind] || "",
      el("code", {}, t.grpcCodeName + " (" + (t.grpcCode || 0) + ")"), ". ",
      t.kind === "TRANSLATION_KIND_HTTP_TO_GRPC_SEMANTIC" && t.note ? t.note + " " : "",
      t.reference ? referenceLink(t.reference.document, t.reference.uri) : ""));
    node.replaceChildren(el("ul", { class: "translations" }, ...items));
  }

  let entrySerial = 0;

  async function openCode(code) {
    const serial = ++entrySerial;
    const heading = $("entry-heading");
    const body = $("entry-body");
    let entry;
    try {
      entry = await api("/v1/statusCodes/" + code);
    } catch (error) {
      if (serial !== entrySerial) return;
      heading.textContent = String(code);
      body.replaceChildren(errorNode("Status code " + code, error));
      heading.focus();
      return;
    }
    if (serial !== entrySerial) return;
    const grpcNode = el("span", {}, "\u2026");
    heading.textContent = entry.code + " " + (entry.reasonPhrase || "");
    document.title = heading.textContent + " \u2013 statusinfo";
    body.replaceChildren(
      el("p", { class: "summary" }, entry.summary || ""),
      el("p", {}, entry.description || ""),
      entryFacts(entry, grpcNode),
      headerTable(entry.headerRequirements) || "",
      referenceList(entry.references) || "");
    heading.focus();
    fillGrpc(grpcNode, entry.code);
  }

  function route() {
    const match = /^#([1-5]\d\d)$/.exec(location.hash);
    if (match) openCode(Number(match[1]));
  }

  // ---- The response-head checker. ----

  // Splits pasted text (a head, or `curl -i` output with interim or proxy
  // heads before the final one) into heads. Lines before the first status
  // line (a shell prompt, say) are skipped.
  function parseHeads(text) {
    const lines = text.replace(/\r\n?/g, "\n").split("\n");
    const statusLine = /^(HTTP\/\S+)[ \t]+(\d{3})(?:[ \t](.*))?$/;
    const heads = [];
    let head = null;
    let inHead = false;
    lines.forEach((line, index) => {
      const status = statusLine.exec(line);
      const afterEmptyHead = head && !inHead && !head.hasContent;
      if (status && (!head || afterEmptyHead)) {
        head = {
          statusLine: line, httpVersion: status[1], statusCode: Number(status[2]),
          headers: [], notes: [], hasContent: false,
        };
        heads.push(head);
        inHead = true;
      } else if (!head) {
        // Before the first status line: not part of any head.
      } else if (inHead && line === "") {
        inHead = false;
      } else if (inHead && /^[ \t]/.test(line) && head.headers.length > 0) {
        // An obsolete line folding: part of the previous field's value.
        head.headers[head.headers.length - 1].value += " " + line.trim();
        head.notes.push("Line " + (index + 1) + " continues the previous " +
          "field (obsolete line folding); it was joined to it.");
      } else if (inHead) {
        const colon = line.indexOf(":");
        if (colon <= 0) {
          head.notes.push("Line " + (index + 1) + " is not a header field " +
            "(name: value) and was left out.");
        } else {
          head.headers.push({
            name: line.slice(0, colon),
            value: line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, ""),
          });
        }
      } else if (line !== "") {
        head.hasContent = true;
      }
    });
    return heads;
  }

  const SEVERITY_ORDER = { SEVERITY_ERROR: 0, SEVERITY_WARNING: 1, SEVERITY_INFO: 2 };

  function findingItem(finding) {
    const severity = SEVERITY_TEXT[finding.severity] || "NOTE";
    return el("li", { class: "finding severity-" + severity.toLowerCase() },
      el("span", { class: "badge" }, severity),
      el("span", { class: "finding-message" }, finding.message || ""),
      el("span", { class: "finding-meta" },
        finding.reference ? referenceLink(finding.reference) : "",
        finding.ruleId ? " \u00b7 rule " : "",
        finding.ruleId ? el("code", {}, finding.ruleId) : ""));
  }

  // Checks one head: the status line on its own (HTTP/1.x lines only: the
  // grammar is RFC 9112's), then the whole head against its code's rules.
  async function checkHead(head, method) {
    const request = {
      statusCode: head.statusCode,
      httpVersion: head.httpVersion,
      headers: head.headers,
      hasContent: head.hasContent,
    };
    if (method) request.request = { method: method };
    const calls = [api("/v1/responses:validate", request)];
    if (/^HTTP\/1\.[01]$/.test(head.httpVersion)) {
      calls.push(api("/v1/statusLines:validate", { statusLine: head.statusLine }));
    }
    const answers = await Promise.all(calls);
    const findings = answers.flatMap((a) => a.findings || []);
    findings.sort((a, b) =>
      (SEVERITY_ORDER[a.severity] ?? 3) - (SEVERITY_ORDER[b.severity] ?? 3));
    return { valid: answers.every((a) => a.valid === true), findings: findings };
  }

  function verdictText(result) {
    const errors = result.findings.filter((f) => f.severity === "SEVERITY_ERROR");
    const warnings = result.findings.filter((f) => f.severity === "SEVERITY_WARNING");
    if (!result.valid) {
      return "Does not conform: " + plural(errors.length, "error", "errors") +
        (warnings.length ? ", " + plural(warnings.length, "warning", "warnings") : "") + ".";
    }
    return warnings.length
      ? "Conforms, with " + plural(warnings.length, "warning", "warnings") + "."
      : "Conforms: nothing breaks a MUST or a SHOULD.";
  }

  async function headResult(head, method) {
    const section = el("section", { class: "head-result" },
      el("h3", {}, head.statusLine));
    for (const note of head.notes) section.append(el("p", { class: "note" }, note));
    try {
      const result = await checkHead(head, method);
      section.append(
        el("p", { class: result.valid ? "verdict ok" : "verdict bad" },
          verdictText(result)),
        result.findings.length > 0
          ? el("ul", { class: "findings" }, ...result.findings.map(findingItem))
          : el("p", {}, "No findings."));
    } catch (error) {
      section.append(errorNode("The check failed", error));
    }
    return section;
  }

  async function runCheck(event) {
    event.preventDefault();
    const out = $("check-results");
    const heads = parseHeads($("check-input").value);
    if (heads.length === 0) {
      out.replaceChildren(el("p", { class: "error", role: "alert" },
        "No status line found. A head starts with a line such as " +
        "\u201cHTTP/1.1 200 OK\u201d."));
      return;
    }
    out.replaceChildren(el("p", {}, "Checking\u2026"));
    const method = $("check-method").value;
    const sections = await Promise.all(heads.slice(0, 10).map((h) => headResult(h, method)));
    const intro = heads.length > 1
      ? el("p", {}, plural(heads.length, "head", "heads") + " found" +
        (heads.length > 10 ? "; the first 10 were checked." : "."))
      : null;
    out.replaceChildren(...(intro ? [intro] : []), ...sections);
  }

  // ---- Start. ----

  setUpSearch();
  setUpBrowse();
  $("check-form").addEventListener("submit", runCheck);
  $("check-input").addEventListener("keydown", (event) => {
    // Enter belongs to the text (a new line); Ctrl+Enter checks.
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      $("check-form").requestSubmit();
    }
  });
  window.addEventListener("hashchange", route);
  route();
})();

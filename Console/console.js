// The coordinator's console page: plain JavaScript, no build step. It speaks the coordinator's
// console API (Seata's paths and envelope) with the token from POST /api/v1/auth/login, and reads
// /config and /ready, which are open.
"use strict";

const STATUS = [
  "UnKnown", "Begin", "Committing", "CommitRetrying", "Rollbacking", "RollbackRetrying",
  "TimeoutRollbacking", "TimeoutRollbackRetrying", "AsyncCommitting", "Committed", "CommitFailed",
  "Rollbacked", "RollbackFailed", "TimeoutRollbacked", "TimeoutRollbackFailed", "Finished",
  "CommitRetryTimeout", "RollbackRetryTimeout", "Deleting", "StopCommitOrCommitRetry",
  "StopRollbackOrRollbackRetry",
];
const FAILED = new Set([10, 12, 14, 16, 17]);
const RETRYING = new Set([2, 3, 4, 5, 6, 7]);
const STOPPED = new Set([19, 20]);
const REDRIVABLE = new Set([2, 3, 4, 5, 6, 7, 10, 12, 14, 16, 17, 19, 20]);
const PAGE_SIZE = 20;
const TOKEN_KEY = "coordinator.console.token";

const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  tab: "transactions",
  sessionPage: 1,
  lockPage: 1,
  selected: null,
  config: null,
  timers: [],
};

const $ = (selector) => document.querySelector(selector);

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Gives each body cell its column's name, shown when the table is laid out as cards. */
function label(table) {
  const names = [...table.querySelectorAll("thead th")].map((th) => th.textContent);
  for (const row of table.querySelectorAll("tbody tr")) {
    [...row.children].forEach((cell, index) => { cell.dataset.label = names[index] || ""; });
  }
}

// ---- API --------------------------------------------------------------------------------------

async function api(method, path, params = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") query.set(name, value);
  }
  const url = "/api/v1/console/" + path + (query.toString() ? "?" + query : "");
  const response = await fetch(url, { method, headers: { Authorization: state.token || "" } });
  let body = {};
  try { body = await response.json(); } catch (_) { body = { message: response.statusText }; }
  if (response.status === 401) {
    logout("Your session ended; log in again.");
    throw new Error("not logged in");
  }
  return { status: response.status, body };
}

async function openJSON(path) {
  const response = await fetch(path, { cache: "no-store" });
  return { status: response.status, body: await response.json() };
}

// ---- Login ------------------------------------------------------------------------------------

async function login(event) {
  event.preventDefault();
  const error = $("#login-error");
  error.hidden = true;
  const response = await fetch("/api/v1/auth/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: $("#login-username").value, password: $("#login-password").value }),
  });
  let body = {};
  try { body = await response.json(); } catch (_) { /* keep empty */ }
  if (response.ok && body.code === "200") {
    state.token = body.data;
    sessionStorage.setItem(TOKEN_KEY, state.token);
    $("#login-password").value = "";
    start();
  } else {
    error.textContent = body.message || "Login failed";
    error.hidden = false;
  }
}

function logout(message) {
  state.token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  for (const timer of state.timers) clearInterval(timer);
  state.timers = [];
  $("#tabs").hidden = true;
  $("#logout").hidden = true;
  $("#user").textContent = "";
  for (const view of document.querySelectorAll(".view")) view.hidden = true;
  $("#login").hidden = false;
  if (message) notify(message, true);
}

function userOf(token) {
  try {
    const payload = token.replace(/^Bearer /, "").split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(payload)).sub;
  } catch (_) {
    return "";
  }
}

function start() {
  $("#login").hidden = true;
  $("#tabs").hidden = false;
  $("#logout").hidden = false;
  $("#user").textContent = userOf(state.token);
  show(state.tab);
  refreshReady();
  refreshConfig();
  state.timers.push(setInterval(refreshReady, 3000));
  state.timers.push(setInterval(refreshConfig, 2000));
  state.timers.push(setInterval(() => { if (state.tab === "transactions") loadSessions(false); }, 5000));
}

// ---- Tabs -------------------------------------------------------------------------------------

function show(tab) {
  state.tab = tab;
  for (const button of document.querySelectorAll(".tab")) button.classList.toggle("active", button.dataset.tab === tab);
  for (const view of document.querySelectorAll(".view")) view.hidden = view.id !== "view-" + tab;
  if (tab === "transactions") loadSessions(true);
  if (tab === "locks") loadLocks();
  if (tab === "config") renderConfig();
}

function notify(text, failed = false) {
  const notice = $("#notice");
  notice.textContent = text;
  notice.classList.toggle("failed", failed);
  notice.hidden = false;
  clearTimeout(notify.timer);
  notify.timer = setTimeout(() => { notice.hidden = true; }, failed ? 12000 : 6000);
}

function confirmAction(title, text, warning) {
  const dialog = $("#confirm-dialog");
  $("#confirm-title").textContent = title;
  $("#confirm-text").textContent = text;
  $("#confirm-warning").textContent = warning || "";
  $("#confirm-warning").hidden = !warning;
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
    dialog.showModal();
    $("#confirm-cancel").focus();
  });
}

// ---- Formatting -------------------------------------------------------------------------------

function statusBadge(code) {
  let kind = "";
  if (FAILED.has(code)) kind = "bad";
  else if (RETRYING.has(code)) kind = "retry";
  else if (STOPPED.has(code)) kind = "stopped";
  else if (code === 1) kind = "open";
  return element("span", { class: "status " + kind, title: "status " + code }, STATUS[code] || String(code));
}

function age(milliseconds) {
  const seconds = Math.max(0, Math.round(milliseconds / 1000));
  if (seconds < 90) return seconds + " s";
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return minutes + " min";
  const hours = Math.round(minutes / 60);
  return hours < 48 ? hours + " h" : Math.round(hours / 24) + " d";
}

// ---- Transactions -----------------------------------------------------------------------------

function sessionFilters() {
  const minutes = Number($("#filter-age").value || 0);
  return {
    status: $("#filter-status").value,
    applicationId: $("#filter-application").value.trim(),
    xid: $("#filter-xid").value.trim(),
    timeEnd: minutes > 0 ? String(Date.now() - minutes * 60000) : "",
  };
}

async function loadSessions(resetSelection) {
  const { status, body } = await api("GET", "globalSession/query", {
    ...sessionFilters(), withBranch: "true", pageNum: state.sessionPage, pageSize: PAGE_SIZE,
  });
  const tbody = $("#sessions tbody");
  if (status !== 200) {
    notify(body.message || "Could not list the sessions", true);
    return;
  }
  tbody.replaceChildren(...body.data.map(sessionRow));
  label($("#sessions"));
  $("#sessions-empty").hidden = body.data.length > 0;
  $("#session-count").textContent = body.total + " global session" + (body.total === 1 ? "" : "s");
  $("#session-page").textContent = body.pages ? "page " + body.pageNum + " of " + body.pages : "";
  $("#session-prev").disabled = state.sessionPage <= 1;
  $("#session-next").disabled = state.sessionPage >= body.pages;
  if (state.selected) {
    if (resetSelection && !body.data.some((s) => s.xid === state.selected)) closeDetail();
    else openDetail(state.selected, false);
  }
}

function sessionRow(session) {
  const row = element("tr", { dataset: { xid: session.xid }, class: session.xid === state.selected ? "selected" : "" },
    element("td", { class: "xid" }, session.xid),
    element("td", {}, statusBadge(session.status)),
    element("td", {}, session.applicationId),
    element("td", { class: "wide" }, session.transactionName),
    element("td", {}, age(Date.now() - session.beginTime)),
    element("td", {}, String((session.branchSessionVOs || []).length)),
    element("td", {}, element("button", { type: "button", class: "small", onclick: () => openDetail(session.xid, true) }, "Open")));
  return row;
}

async function openDetail(xid, scroll) {
  const [sessions, locks] = await Promise.all([
    api("GET", "globalSession/query", { xid, withBranch: "true" }),
    api("GET", "globalLock/query", { xid, pageSize: 100 }),
  ]);
  const session = sessions.status === 200 ? sessions.body.data[0] : null;
  if (!session) {
    closeDetail();
    return;
  }
  state.selected = xid;
  for (const row of document.querySelectorAll("#sessions tbody tr")) row.classList.toggle("selected", row.dataset.xid === xid);
  const detail = $("#detail");
  detail.hidden = false;
  detail.dataset.xid = xid;
  detail.dataset.status = String(session.status);
  $("#detail-title").textContent = xid;
  const branches = session.branchSessionVOs || [];
  const facts = [
    ["Status", statusBadge(session.status)], ["Application", session.applicationId],
    ["Transaction service group", session.transactionServiceGroup], ["Name", session.transactionName || "—"],
    ["Began", new Date(session.beginTime).toLocaleString() + " (" + age(Date.now() - session.beginTime) + " ago)"],
    ["Timeout", age(session.timeout)], ["Branches", String(branches.length)],
  ];
  $("#detail-facts").replaceChildren(...facts.map(([name, value]) => element("div", {}, element("dt", {}, name), element("dd", {}, value))));
  $("#detail-actions").replaceChildren(...sessionActions(session, branches));
  $("#branches tbody").replaceChildren(...branches.map((branch) => branchRow(session, branch)));
  label($("#branches"));
  const lockRows = locks.status === 200 ? locks.body.data : [];
  $("#detail-locks tbody").replaceChildren(...lockRows.map((lock) => lockRow(lock, false)));
  label($("#detail-locks"));
  $("#detail-locks-empty").hidden = lockRows.length > 0;
  $("#detail-locks").parentElement.hidden = lockRows.length === 0;
  if (scroll) detail.scrollIntoView({ behavior: "smooth", block: "start" });
}

function closeDetail() {
  state.selected = null;
  $("#detail").hidden = true;
  for (const row of document.querySelectorAll("#sessions tbody tr")) row.classList.remove("selected");
}

function sessionActions(session, branches) {
  const code = session.status;
  const count = branches.length;
  const commitSide = [2, 3, 10, 16, 19, 8].includes(code);
  const button = (action, label, kind, enabled, run) =>
    element("button", { type: "button", dataset: { action }, class: kind, disabled: !enabled, onclick: run }, label);
  return [
    button("redrive", commitSide ? "Re-drive commit" : "Re-drive rollback", "primary", REDRIVABLE.has(code), () => act(
      "PUT", FAILED.has(code) ? "globalSession/changeGlobalStatus" : "globalSession/sendCommitOrRollback", session.xid,
      "Re-drive " + (commitSide ? "the commit" : "the rollback"),
      "Sends " + (commitSide ? "BranchCommit" : "BranchRollback") + " to its " + count + " remaining branch" +
        (count === 1 ? "" : "es") + " now. If every RM confirms, the transaction ends; if one cannot, it is kept as it is (" +
        STATUS[code] + ") and the answers are shown.")),
    button("stop", "Stop retry", "", RETRYING.has(code), () => act("PUT", "globalSession/stopGlobalSession", session.xid,
      "Stop the retries", "The retry jobs stop driving this transaction until you start them again. Its row locks stay.")),
    button("start", "Start retry", "", STOPPED.has(code), () => act("PUT", "globalSession/startGlobalSession", session.xid,
      "Start the retries", "The retry jobs drive this transaction again from their next run.")),
    button("delete", "Delete", "danger", code !== 1, () => act("DELETE", "globalSession/deleteGlobalSession", session.xid,
      "Delete the global session",
      "Sends BranchRollback to each of its " + count + " branch" + (count === 1 ? "" : "es") +
        " (the protocol has no BranchDelete), then removes the session and its row locks.",
      commitSide ? "This transaction was decided to commit: the coordinator refuses to roll its branches back. Re-drive or force-delete instead." : "")),
    button("forceDelete", "Force delete", "danger", code !== 1, () => act("DELETE", "globalSession/forceDeleteGlobalSession", session.xid,
      "Force-delete the global session",
      "Removes the session, its " + count + " branch" + (count === 1 ? "" : "es") + " and their row locks WITHOUT calling any RM.",
      "Work done at the RMs stays as it is: data may be left inconsistent, AT undo logs and TCC reservations are left behind.")),
  ];
}

function branchRow(session, branch) {
  const open = session.status === 1;
  return element("tr", { dataset: { branch: branch.branchId } },
    element("td", { class: "xid" }, branch.branchId),
    element("td", {}, branch.branchType),
    element("td", {}, branch.statusName),
    element("td", {}, branch.resourceId),
    element("td", { class: "wide mono" }, branch.clientId),
    element("td", { class: "wide mono" }, branch.lockKey || "—"),
    element("td", {},
      element("button", { type: "button", class: "small", dataset: { action: "deleteBranch" }, disabled: open,
        onclick: () => act("DELETE", "branchSession/deleteBranchSession", session.xid, "Delete branch " + branch.branchId,
          "Sends BranchRollback to its RM (" + branch.clientId + "), then removes the branch and its row locks.", "",
          { branchId: branch.branchId }) }, "Delete"), " ",
      element("button", { type: "button", class: "small", dataset: { action: "forceDeleteBranch" }, disabled: open,
        onclick: () => act("DELETE", "branchSession/forceDeleteBranchSession", session.xid, "Force-delete branch " + branch.branchId,
          "Removes the branch and its row locks without calling its RM.", "What the RM did for this branch stays as it is.",
          { branchId: branch.branchId }) }, "Force delete")));
}

async function act(method, path, xid, title, text, warning = "", extra = {}) {
  if (!(await confirmAction(title, text, warning))) return;
  try {
    const { status, body } = await api(method, path, { xid, ...extra });
    const answers = body.data && body.data.branches ? body.data.branches : [];
    const details = answers.length ? " — " + answers.map((b) => "branch " + b.branchId + ": " + b.answer).join("; ") : "";
    notify((body.message || ("HTTP " + status)) + (status === 200 ? "" : details), status !== 200);
  } catch (error) {
    if (state.token) notify(String(error), true);
  }
  await loadSessions(false);
  if (state.tab === "locks") loadLocks();
}

// ---- Locks ------------------------------------------------------------------------------------

async function loadLocks() {
  const form = $("#lock-filters");
  const { status, body } = await api("GET", "globalLock/query", {
    xid: form.xid.value.trim(), tableName: form.tableName.value.trim(), resourceId: form.resourceId.value.trim(),
    pk: form.pk.value.trim(), pageNum: state.lockPage, pageSize: PAGE_SIZE,
  });
  if (status !== 200) {
    notify(body.message || "Could not list the row locks", true);
    return;
  }
  $("#locks tbody").replaceChildren(...body.data.map((lock) => lockRow(lock, true)));
  label($("#locks"));
  $("#lock-count").textContent = body.total + " row lock" + (body.total === 1 ? "" : "s");
  $("#lock-page").textContent = body.pages ? "page " + body.pageNum + " of " + body.pages : "";
  $("#lock-prev").disabled = state.lockPage <= 1;
  $("#lock-next").disabled = state.lockPage >= body.pages;
}

function lockRow(lock, withXid) {
  const release = element("button", { type: "button", class: "small", dataset: { action: "releaseLock" },
    onclick: async () => {
      if (!(await confirmAction("Release row lock", "Releases the lock on " + lock.rowKey + ", held by " + lock.xid + ".",
        "Other transactions may then write this row; if its holder is rolled back later, its undo finds the row changed and fails."))) return;
      const { status, body } = await api("DELETE", "globalLock/delete", {
        xid: lock.xid, branchId: lock.branchId, tableName: lock.tableName, pk: lock.pk, resourceId: lock.resourceId,
      });
      notify(body.message || ("HTTP " + status), status !== 200);
      if (state.tab === "locks") loadLocks();
      if (state.selected) openDetail(state.selected, false);
    } }, "Release");
  const cells = [
    element("td", {}, lock.tableName), element("td", { class: "mono" }, lock.pk), element("td", {}, lock.resourceId),
    element("td", { class: "xid" }, lock.branchId),
    element("td", {}, withXid ? (lock.globalStatus || "gone") : (lock.status === 1 ? "rolling back" : "locked")),
    element("td", {}, release),
  ];
  if (withXid) cells.unshift(element("td", { class: "xid" }, lock.xid));
  return element("tr", { dataset: { rowKey: lock.rowKey } }, cells);
}

// ---- Readiness and configuration --------------------------------------------------------------

async function refreshReady() {
  try {
    const { status, body } = await openJSON("/ready");
    const pill = $("#ready-state");
    pill.textContent = status === 200 ? "ready" : "not ready";
    pill.className = "pill " + (status === 200 ? "ready" : "unready");
    pill.title = (body.reasons || []).join("; ");
  } catch (_) {
    $("#ready-state").textContent = "unreachable";
    $("#ready-state").className = "pill unready";
  }
}

async function refreshConfig() {
  try {
    const { body } = await openJSON("/config");
    const previous = state.config;
    state.config = body;
    if (state.tab === "config") renderConfig(previous);
  } catch (_) { /* the next poll tries again */ }
}

function renderConfig(previous) {
  const config = state.config;
  if (!config) return;
  $("#config-source").textContent = "Source: " + config.source + (config.connect ? " at " + config.connect : "") +
    " · " + config.reloads + " live change" + (config.reloads === 1 ? "" : "s") + " applied";

  const rejected = $("#config-rejected");
  rejected.hidden = !config.rejectedChange;
  if (config.rejectedChange) {
    rejected.replaceChildren(element("strong", {}, "Rejected change (" + config.rejectedChange.keys.join(", ") + ") at " +
      new Date(config.rejectedChange.at).toLocaleString() + ": the last good configuration keeps running."),
      element("ul", {}, config.rejectedChange.problems.map((problem) => element("li", {}, problem))));
  }
  const warnings = $("#config-warnings");
  warnings.hidden = !config.warnings.length;
  warnings.replaceChildren(element("strong", {}, config.warnings.length + " warning" + (config.warnings.length === 1 ? "" : "s")),
    element("ul", {}, config.warnings.map((warning) => element("li", {}, warning.message,
      warning.fix.length ? element("div", {}, element("code", {}, warning.fix.join("\n"))) : null))));
  const keys = Object.keys(config.keys).sort();
  const pending = keys.filter((key) => config.keys[key].pendingRestart);
  const pendingBox = $("#config-pending");
  pendingBox.hidden = !pending.length;
  pendingBox.replaceChildren(element("strong", {}, "Waiting for a restart: "),
    pending.map((key) => key + " = " + config.keys[key].pendingRestart.value).join(", "));
  const honoured = Object.entries(config.notHonoured || {});
  const notHonoured = $("#config-nothonoured");
  notHonoured.hidden = !honoured.length;
  const open = notHonoured.querySelector("details")?.open || false;
  notHonoured.replaceChildren(element("details", { open },
    element("summary", {}, honoured.length + " key" + (honoured.length === 1 ? "" : "s") + " set but not honoured by this coordinator"),
    element("ul", {}, honoured.map(([key, reason]) => element("li", {}, element("code", {}, key), ": " + reason)))));

  const filter = $("#config-filter").value.trim().toLowerCase();
  const setOnly = $("#config-set-only").checked;
  const rows = keys.filter((key) => key.toLowerCase().includes(filter) && (!setOnly || !config.keys[key].isDefault))
    .map((key) => {
      const entry = config.keys[key];
      const before = previous && previous.keys[key];
      const changed = before && before.value !== entry.value;
      return element("tr", { dataset: { key }, class: changed ? "changed" : "" },
        element("td", { class: "mono" }, key),
        element("td", { class: "value" }, entry.value),
        element("td", { class: "wide note" }, entry.origin),
        element("td", {}, entry.isDefault ? "default" : "set"),
        element("td", {}, entry.pendingRestart ? "pending: " + entry.pendingRestart.value : (entry.restartRequired ? "needs restart" : "live")),
        element("td", { class: "wide note" }, entry.coordinator || "read by clients only"));
    });
  $("#config tbody").replaceChildren(...rows);
  label($("#config"));
}

// ---- Wiring -----------------------------------------------------------------------------------

document.addEventListener("DOMContentLoaded", () => {
  const select = $("#filter-status");
  STATUS.forEach((name, code) => { if (code !== 0 && code !== 15) select.append(element("option", { value: String(code) }, name)); });
  $("#login-form").addEventListener("submit", login);
  $("#logout").addEventListener("click", () => logout());
  for (const button of document.querySelectorAll(".tab")) button.addEventListener("click", () => show(button.dataset.tab));
  $("#session-filters").addEventListener("submit", (event) => { event.preventDefault(); state.sessionPage = 1; loadSessions(true); });
  $("#session-filters").addEventListener("reset", () => setTimeout(() => { state.sessionPage = 1; loadSessions(true); }));
  $("#session-prev").addEventListener("click", () => { state.sessionPage -= 1; loadSessions(true); });
  $("#session-next").addEventListener("click", () => { state.sessionPage += 1; loadSessions(true); });
  $("#detail-close").addEventListener("click", closeDetail);
  $("#lock-filters").addEventListener("submit", (event) => { event.preventDefault(); state.lockPage = 1; loadLocks(); });
  $("#lock-filters").addEventListener("reset", () => setTimeout(() => { state.lockPage = 1; loadLocks(); }));
  $("#lock-prev").addEventListener("click", () => { state.lockPage -= 1; loadLocks(); });
  $("#lock-next").addEventListener("click", () => { state.lockPage += 1; loadLocks(); });
  $("#config-filter").addEventListener("input", () => renderConfig());
  $("#config-set-only").addEventListener("change", () => renderConfig());
  if (state.token) start(); else $("#login").hidden = false;
});

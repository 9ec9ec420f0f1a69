// The status page: everything comes from the replica's own /api (any replica answers the same),
// refreshed every few seconds from one request (GET /api/overview). Pause and resume ask for the operator's credentials once per tab.
"use strict";

let credentials = sessionStorage.getItem("scalepoc.credentials");

function text(value) {
  return value === null || value === undefined || value === "" ? "—" : String(value);
}

function cell(row, value, className) {
  const td = row.insertCell();
  td.textContent = text(value);
  if (className) td.className = className;
  return td;
}

function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString() : null;
}

function duration(iso) {
  // ISO-8601 durations from the API, e.g. PT1.234S, PT2M3S
  if (!iso) return null;
  const m = /PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?/.exec(iso);
  if (!m) return iso;
  const seconds = (+m[1] || 0) * 3600 + (+m[2] || 0) * 60 + (+m[3] || 0);
  return seconds < 1 ? Math.round(seconds * 1000) + " ms" : seconds < 120 ? seconds.toFixed(1) + " s" : Math.round(seconds / 60) + " min";
}

async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(path + " answered " + response.status);
  return response.json();
}

function showError(message) {
  const banner = document.getElementById("error");
  banner.textContent = message || "";
  banner.hidden = !message;
}

function renderCluster(cluster) {
  const shortfall = cluster.capacity < cluster.demand;
  const capacity = document.getElementById("capacity");
  capacity.textContent = `${cluster.members.length} live members · tokens used ${cluster.used} of ${cluster.capacity} · jobs need ${cluster.demand}`
    + (cluster.complete ? "" : " · membership incomplete: " + cluster.problem);
  capacity.classList.toggle("shortfall", shortfall);
  const body = document.querySelector("#members tbody");
  body.replaceChildren();
  for (const member of cluster.members) {
    const row = body.insertRow();
    row.dataset.member = member.instanceId;
    cell(row, member.instanceId, "member-id");
    cell(row, member.address);
    cell(row, `${member.used} / ${member.tokens}`, "member-tokens");
    cell(row, member.ownedJobs.join(", "), "member-jobs");
  }
}

function renderJobs(jobs) {
  const body = document.querySelector("#jobs tbody");
  body.replaceChildren();
  for (const job of jobs) {
    const row = body.insertRow();
    row.dataset.job = job.name;
    const name = cell(row, job.name + (job.monitor ? " (monitor)" : "") + (job.fencing === "manual" ? " (manual fencing)" : ""), "job-name");
    name.title = "Show what happened to " + job.name;
    name.addEventListener("click", () => showStory(job.name));
    cell(row, job.owner, "job-owner");
    cell(row, job.epoch, "job-epoch");
    const state = !job.enabled ? "disabled" : job.paused ? "paused" : job.running ? "running" : "scheduled";
    const stateCell = cell(row, state, "job-state" + (job.paused ? " paused" : ""));
    if (job.paused && job.pausedBy) stateCell.title = `by ${job.pausedBy}` + (job.pauseReason ? `: ${job.pauseReason}` : "");
    const last = job.lastExecution;
    cell(row, last ? `${last.status} ${time(last.end || last.start)}` : null, "job-last" + (last ? " status-" + last.status : ""));
    cell(row, last ? duration(last.duration) : null, "job-duration");
    const next = cell(row, time(job.nextDue), "job-next");
    next.title = job.cron ? `cron ${job.cron} (${job.zone})` : `every ${job.fixedDelay} after the previous end`;
    cell(row, job.openAlerts.length ? job.openAlerts.map(a => a.type).join(", ") : null,
      "job-alerts" + (job.openAlerts.length ? " alert-count" : ""));
    const actions = row.insertCell();
    if (job.enabled) {
      const button = document.createElement("button");
      button.textContent = job.paused ? "Resume" : "Pause";
      button.className = job.paused ? "resume" : "pause";
      button.addEventListener("click", () => change(job.name, job.paused ? "resume" : "pause"));
      actions.append(button);
    }
  }
}

// The story of the job whose name was clicked: GET /api/jobs/{name}/events, refreshed with the rest.
let storyJob = null;

async function showStory(jobName) {
  storyJob = jobName;
  await renderStory();
}

async function renderStory() {
  if (!storyJob) return;
  const events = await getJson(`api/jobs/${encodeURIComponent(storyJob)}/events?limit=100`);
  document.getElementById("story-job").textContent = storyJob;
  const body = document.querySelector("#events tbody");
  body.replaceChildren();
  for (const event of events) {
    const row = body.insertRow();
    row.dataset.event = event.type;
    cell(row, time(event.at));
    cell(row, event.type, "event-type");
    cell(row, event.replica);
    cell(row, event.epoch);
    cell(row, event.detail, "event-detail");
  }
  document.getElementById("story").hidden = false;
}

function renderAlerts(alerts) {
  const body = document.querySelector("#alerts tbody");
  body.replaceChildren();
  for (const alert of alerts) {
    const row = body.insertRow();
    row.dataset.alert = alert.type + "/" + alert.job;
    cell(row, alert.type, "alert-type");
    cell(row, alert.job, "alert-job");
    cell(row, time(alert.firstSeen));
    cell(row, alert.replica);
    cell(row, alert.message, "alert-message");
  }
  document.getElementById("no-alerts").hidden = alerts.length > 0;
}

// The global monitors' safety audit, measured: overlapping runs, commits under a stale epoch, leases
// held without a run, counted since the audit began.
function renderSafety(safety) {
  const line = document.getElementById("safety");
  if (!safety || !safety.since) {
    line.textContent = "Safety audit: not run yet.";
    line.dataset.violations = "";
    return;
  }
  const found = Object.entries(safety.byType).filter(([, count]) => count > 0)
    .map(([type, count]) => count + " " + type).join(", ");
  line.textContent = "Safety audit: " + safety.violations + " violation" + (safety.violations === 1 ? "" : "s")
    + (found ? " (" + found + ")" : "") + " since " + time(safety.since) + ".";
  line.dataset.violations = String(safety.violations);
  line.className = safety.violations > 0 ? "alert-count" : "muted";
}

// The timeline's window: 15 min, 1 h or 6 h; the longer it is, the less often the page asks.
const REFRESH_MILLIS_BY_WINDOW = { PT15M: 3000, PT1H: 5000, PT6H: 15000 };
let timelineWindow = localStorage.getItem("scalepoc.window") || "PT1H";
if (!(timelineWindow in REFRESH_MILLIS_BY_WINDOW)) timelineWindow = "PT1H";
let refreshTimer = null;

function showWindow() {
  for (const button of document.querySelectorAll("#windows button")) {
    button.setAttribute("aria-pressed", String(button.dataset.window === timelineWindow));
  }
}

for (const button of document.querySelectorAll("#windows button")) {
  button.addEventListener("click", () => {
    timelineWindow = button.dataset.window;
    localStorage.setItem("scalepoc.window", timelineWindow);
    showWindow();
    refresh();
  });
}

// One request per refresh: GET /api/overview answers for the cluster, the jobs, the open alerts and
// the timeline at once.
async function refresh() {
  try {
    const overview = await getJson("api/overview?window=" + timelineWindow);
    renderCluster(overview.cluster);
    renderJobs(overview.jobs);
    renderAlerts(overview.alerts);
    renderSafety(overview.safety);
    ScalePocTimeline.render(document.getElementById("timeline"), document.getElementById("timeline-legend"),
      overview.timeline, overview.jobs);
    document.getElementById("timeline").dataset.window = timelineWindow;
    await renderStory();
    document.getElementById("refreshed").textContent = "refreshed " + new Date().toLocaleTimeString();
    document.body.dataset.loaded = "true";
    showError(null);
  } catch (e) {
    showError("Cannot reach the API: " + e.message);
  }
  clearTimeout(refreshTimer); // one pending refresh, however many ran at once
  refreshTimer = setTimeout(refresh, REFRESH_MILLIS_BY_WINDOW[timelineWindow]);
}

function askCredentials() {
  const dialog = document.getElementById("login");
  return new Promise(resolve => {
    dialog.addEventListener("close", () => {
      if (dialog.returnValue !== "ok") return resolve(null);
      const user = document.getElementById("login-user").value;
      const password = document.getElementById("login-password").value;
      resolve("Basic " + btoa(unescape(encodeURIComponent(user + ":" + password))));
    }, { once: true });
    dialog.showModal();
  });
}

async function change(jobName, action) {
  for (let attempt = 0; attempt < 2; attempt++) {
    if (!credentials) {
      credentials = await askCredentials();
      if (!credentials) return;
    }
    const response = await fetch(`api/jobs/${encodeURIComponent(jobName)}/${action}`, {
      method: "POST",
      // X-Requested-With makes every change a non-simple request, which the API requires (no CSRF)
      headers: { Authorization: credentials, Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
    });
    if (response.status === 401) {
      credentials = null;
      sessionStorage.removeItem("scalepoc.credentials");
      continue;
    }
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      showActionError(`${action} ${jobName}: ${problem.detail || response.status}`);
      return;
    }
    sessionStorage.setItem("scalepoc.credentials", credentials);
    showActionError(null);
    await refresh();
    return;
  }
  showActionError("Wrong operator credentials");
}

function showActionError(message) {
  const banner = document.getElementById("action-error");
  banner.textContent = message || "";
  banner.hidden = !message;
}

getJson("actuator/ownership")
  .then(me => { document.getElementById("served-by").textContent = "served by " + me.instanceId; })
  .catch(() => {});
showWindow();
refresh();

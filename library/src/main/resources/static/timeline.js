// The run timeline of the status page, drawn as SVG from the "timeline" of GET /api/overview (no
// library, nothing from the internet). One lane per job: runs as bars filled by outcome and
// underlined in their replica's colour, events as marks, the next due time as a diamond; table-sync
// jobs get sparklines of rows per run and lag; one lane per replica shows its tokens in use.
"use strict";

const ScalePocTimeline = (() => {
  const SVG = "http://www.w3.org/2000/svg";
  const LABEL_WIDTH = 190;
  const SPARK_WIDTH = 70;
  const SPARKS_WIDTH = 2 * SPARK_WIDTH + 30;
  const AXIS_HEIGHT = 22;
  const LANE_HEIGHT = 22;
  const REPLICA_LANE_HEIGHT = 30;
  // bar fill per outcome (UNKNOWN and ABANDONED as FAILED)
  const OUTCOME_COLOURS = {
    COMPLETED: "#2e9e4f", RUNNING: "#4a90e2", FAILED: "#d93025", FENCED: "#8e44ad", SUPERSEDED: "#b57edc",
    RECOVERED: "#e8710a", STOPPED: "#9aa0a6",
  };
  const OUTCOMES = Object.keys(OUTCOME_COLOURS);
  // events drawn as marks; a FAILED run is already a red bar
  const MARKED = new Set(["ACQUIRED", "RELEASED", "RELEASE_REQUESTED", "LOST", "LEASE_IN_DANGER", "FENCED",
    "SUPERSEDED", "RECOVERED", "PAUSED", "RESUMED", "TRIGGERED", "ALERT_OPENED", "ALERT_RESOLVED"]);
  // replica colours, apart from the outcome colours above
  const PALETTE = ["#12b5cb", "#f538a0", "#a8a116", "#185abc", "#8d6e63", "#00897b", "#c2185b", "#7cb342",
    "#3949ab", "#5f6368"];
  const replicaColours = new Map();

  function replicaColour(replica) {
    if (!replica) return "#bdc1c6";
    if (!replicaColours.has(replica)) replicaColours.set(replica, PALETTE[replicaColours.size % PALETTE.length]);
    return replicaColours.get(replica);
  }

  function element(name, attributes, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value !== null && value !== undefined) node.setAttribute(key, value);
    }
    if (parent) parent.append(node);
    return node;
  }

  function title(node, text) {
    element("title", {}, node).textContent = text;
    return node;
  }

  function clock(ms) {
    return new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  }

  function seconds(iso) {
    // ISO-8601 durations from the API, e.g. PT1.234S, PT2M3S
    const m = iso && /PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?/.exec(iso);
    return m ? (+m[1] || 0) * 3600 + (+m[2] || 0) * 60 + (+m[3] || 0) : null;
  }

  function span(s) {
    return s < 1 ? Math.round(s * 1000) + " ms" : s < 120 ? s.toFixed(1) + " s" : (s / 60).toFixed(1) + " min";
  }

  function tickStep(windowMs) {
    const steps = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360].map(m => m * 60000);
    return steps.find(step => windowMs / step <= 10) || steps[steps.length - 1];
  }

  function describeBar(bar, job) {
    const endMs = bar.end ? Date.parse(bar.end) : null;
    const what = bar.runs === 1
      ? `${job}: execution ${bar.firstExecution} ${bar.outcome}`
      : `${job}: ${bar.runs} runs (executions ${bar.firstExecution}–${bar.lastExecution}) ${bar.outcome}`;
    const when = `${clock(Date.parse(bar.start))}–${endMs ? clock(endMs) : "running"}`;
    const parts = [what, when, `on ${bar.owner || "?"} (epoch ${bar.epoch ?? "?"})`];
    if (bar.triggerId !== null && bar.triggerId !== undefined) parts.push(`trigger ${bar.triggerId}`);
    if (bar.rowsWritten) parts.push(`${bar.rowsWritten} rows written`);
    if (bar.lag) parts.push(`lag ${span(seconds(bar.lag))}`);
    return parts.join(" · ");
  }

  function describeEvent(event, job) {
    return [`${job}: ${event.type}`, clock(Date.parse(event.at)), event.replica, event.epoch !== null && event.epoch !== undefined ? "epoch " + event.epoch : null, event.detail]
      .filter(part => part !== null && part !== undefined && part !== "")
      .join(" · ");
  }

  function sparkline(parent, x, y, values, className, label, unit) {
    const group = element("g", { class: "sparkline " + className }, parent);
    if (values.length === 0) return group;
    const max = Math.max(...values.map(v => v.value), 1e-9);
    const height = LANE_HEIGHT - 8;
    const points = values.map((v, i) => {
      const px = x + (values.length === 1 ? SPARK_WIDTH / 2 : (i * SPARK_WIDTH) / (values.length - 1));
      const py = y + 4 + height - (v.value / max) * height;
      return px.toFixed(1) + "," + py.toFixed(1);
    });
    element("polyline", { class: "spark " + className, points: points.join(" ") }, group);
    const last = values[values.length - 1].value;
    title(group, `${label}: last ${unit(last)}, max ${unit(max)} (${values.length} points)`);
    return group;
  }

  function legend(container, replicas) {
    container.replaceChildren();
    const item = (colour, text, className) => {
      const span = document.createElement("span");
      if (className) span.className = className;
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = colour;
      span.append(swatch, text);
      container.append(span);
    };
    for (const outcome of OUTCOMES) item(OUTCOME_COLOURS[outcome], outcome.toLowerCase(), "legend-outcome");
    const label = document.createElement("span");
    label.className = "muted";
    label.textContent = "ran on:";
    container.append(label);
    for (const replica of replicas) item(replicaColour(replica), replica, "legend-replica");
  }

  /**
   * Draws {@code timeline} into {@code container}; {@code jobs} (from the same answer) give each
   * job's next due time and whether it is a monitor.
   */
  function render(container, legendContainer, timeline, jobs) {
    const nextDue = new Map(jobs.map(job => [job.name, job]));
    const from = Date.parse(timeline.from);
    const now = Date.parse(timeline.to);
    const windowMs = now - from;
    const to = now + windowMs / 12; // room to show what is due next
    const width = Math.max(container.clientWidth || 0, 720);
    const chartLeft = LABEL_WIDTH;
    const chartRight = width - SPARKS_WIDTH;
    const x = t => chartLeft + ((Math.min(Math.max(t, from), to) - from) / (to - from)) * (chartRight - chartLeft);
    // a disabled job gets a lane only when something happened to it in the window
    const lanes = timeline.lanes.filter(lane =>
      (nextDue.get(lane.job) || {}).enabled !== false || lane.runs.length > 0 || lane.markers.length > 0);
    const replicas = timeline.replicas;
    const height = AXIS_HEIGHT + lanes.length * LANE_HEIGHT + 12 + replicas.length * REPLICA_LANE_HEIGHT + 4;
    const svg = element("svg", { id: "timeline-svg", width, height, viewBox: `0 0 ${width} ${height}`,
      "data-from": timeline.from, "data-to": timeline.to });

    // axis: clock times, and "now"
    const axis = element("g", { class: "axis" }, svg);
    const step = tickStep(windowMs);
    for (let t = Math.ceil(from / step) * step; t <= to; t += step) {
      element("line", { x1: x(t), x2: x(t), y1: AXIS_HEIGHT - 4, y2: height }, axis);
      if (x(t) < chartRight - 65) {
        element("text", { x: x(t) + 2, y: AXIS_HEIGHT - 8 }, axis).textContent =
          new Date(t).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      }
    }
    element("text", { x: chartRight + 8, y: AXIS_HEIGHT - 8, class: "muted" }, axis).textContent = "rows / run";
    element("text", { x: chartRight + 8 + SPARK_WIDTH + 14, y: AXIS_HEIGHT - 8, class: "muted" }, axis).textContent = "lag";

    lanes.forEach((lane, index) => {
      const y = AXIS_HEIGHT + index * LANE_HEIGHT;
      const job = nextDue.get(lane.job) || {};
      const group = element("g", { class: "lane", "data-job": lane.job }, svg);
      if (index % 2 === 0) element("rect", { class: "lane-band", x: 0, y, width, height: LANE_HEIGHT }, group);
      const label = element("text", { class: "lane-label", x: 4, y: y + 15 }, group);
      label.textContent = lane.job + (job.monitor ? " (monitor)" : "");
      label.addEventListener("click", () => typeof showStory === "function" && showStory(lane.job));

      for (const bar of lane.runs) {
        const start = Date.parse(bar.start);
        const end = bar.end ? Date.parse(bar.end) : now;
        const left = x(start);
        const barWidth = Math.max(2, x(end) - left);
        const run = element("g", {
          class: "run", "data-outcome": bar.outcome, "data-owner": bar.owner, "data-epoch": bar.epoch,
          "data-first": bar.firstExecution, "data-last": bar.lastExecution, "data-trigger": bar.triggerId,
        }, group);
        element("rect", { class: "run-bar outcome-" + bar.outcome, x: left, y: y + 6, width: barWidth, height: 11,
          fill: OUTCOME_COLOURS[bar.outcome] || OUTCOME_COLOURS.FAILED }, run);
        element("rect", { class: "run-owner", x: left, y: y + 17, width: barWidth, height: 3, fill: replicaColour(bar.owner) }, run);
        title(run, describeBar(bar, lane.job));
      }

      for (const event of lane.markers) {
        if (!MARKED.has(event.type)) continue;
        const at = x(Date.parse(event.at));
        const mark = element("g", {
          class: "marker marker-" + event.type, "data-type": event.type, "data-replica": event.replica,
          "data-epoch": event.epoch,
        }, group);
        element("line", { x1: at, x2: at, y1: y + 1, y2: y + LANE_HEIGHT - 1 }, mark);
        element("path", { d: `M${at - 3.5},${y + 1} L${at + 3.5},${y + 1} L${at},${y + 6} Z` }, mark);
        title(mark, describeEvent(event, lane.job));
      }

      if (job.nextDue) {
        const due = Date.parse(job.nextDue);
        const dx = x(due);
        const diamond = element("path", {
          class: "next-due", "data-at": job.nextDue,
          d: `M${dx},${y + 6} L${dx + 5},${y + 11} L${dx},${y + 16} L${dx - 5},${y + 11} Z`,
        }, group);
        title(diamond, `${lane.job}: next due ${clock(due)}` + (due > to ? " (later than shown)" : ""));
      }

      if (lane.tableSync) {
        const done = lane.runs.filter(bar => bar.outcome === "COMPLETED");
        sparkline(group, chartRight + 8, y, done.map(bar => ({ value: bar.rowsWritten / bar.runs })), "spark-rows",
          lane.job + " rows written per run", v => Math.round(v).toLocaleString());
        sparkline(group, chartRight + 8 + SPARK_WIDTH + 14, y,
          done.filter(bar => bar.lag).map(bar => ({ value: seconds(bar.lag) })), "spark-lag",
          lane.job + " lag", span);
      }
    });

    // replica lanes: tokens in use over time (a step area), capacity dashed
    const replicaTop = AXIS_HEIGHT + lanes.length * LANE_HEIGHT + 12;
    replicas.forEach((replica, index) => {
      const y = replicaTop + index * REPLICA_LANE_HEIGHT;
      const group = element("g", { class: "replica-lane", "data-replica": replica.instanceId }, svg);
      element("text", { class: "lane-label replica", x: 4, y: y + 18 }, group).textContent =
        replica.instanceId + (replica.live ? ` (${replica.tokens} tokens)` : " (gone)");
      const peak = Math.max(replica.tokens || 0, ...replica.used.map(s => s.used), 1);
      const yOf = used => y + REPLICA_LANE_HEIGHT - 3 - (used / peak) * (REPLICA_LANE_HEIGHT - 8);
      let d = `M${x(from)},${yOf(0)}`;
      let level = 0;
      for (const s of replica.used) {
        const sx = x(Date.parse(s.at));
        d += ` L${sx},${yOf(level)} L${sx},${yOf(s.used)}`;
        level = s.used;
      }
      d += ` L${x(now)},${yOf(level)} L${x(now)},${yOf(0)} Z`;
      const area = element("path", { class: "tokens-used", d, fill: replicaColour(replica.instanceId), "fill-opacity": 0.45,
        "data-used": level }, group);
      title(area, `${replica.instanceId}: ${level} token(s) in use now` + (replica.tokens ? ` of ${replica.tokens}` : "")
        + ` · ${replica.used.length} change(s) in the window`);
      if (replica.tokens) {
        element("line", { class: "capacity", x1: x(from), x2: x(now), y1: yOf(replica.tokens), y2: yOf(replica.tokens) }, group);
      }
    });

    element("line", { class: "now", x1: x(now), x2: x(now), y1: AXIS_HEIGHT - 4, y2: height }, svg);
    container.replaceChildren(svg);
    const seen = new Set(replicas.map(r => r.instanceId));
    for (const lane of lanes) for (const bar of lane.runs) if (bar.owner) seen.add(bar.owner);
    legend(legendContainer, [...seen].sort());
  }

  return { render };
})();

(function () {
  'use strict';
  var marker = document.getElementById('rendered');
  var errors = [];
  window.addEventListener('error', function (event) {
    errors.push(String(event.message));
    marker.setAttribute('data-errors', String(errors.length));
    marker.setAttribute('data-error', errors.join(' | '));
  });

  var D = JSON.parse(document.getElementById('wave-data').textContent);
  var T = D.tasks;
  var N = T.id.length;
  // The plan's tasks come first; the fix waves' steps after them, each labelled by its fix wave.
  var P = T.planned === undefined ? N : T.planned;
  var A = D.agent_use || null;
  var FIX_COLOUR = '#2f6fdb';
  var STATE_COLOURS = { succeeded: '#2f9e62', failed: '#d9484b', skipped: '#a3a9b4', cancelled: '#e4a13a' };
  var PATH_COLOUR = '#5b3fd6';
  // A report so far (a run that has not ended): its tasks may also be running, cut short by a dead process, or not started.
  var S = D.so_far || null;
  if (S && S.stage === 'running') {
    STATE_COLOURS.running = '#5aa0f0';
  } else if (S) {
    STATE_COLOURS['cut-short'] = '#8a5a12';
  }
  var SO_FAR = S ? ' so far' : '';

  function $(id) { return document.getElementById(id); }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }
  function fmt(ms) {
    if (ms === null || ms === undefined || ms < 0) { return '-'; }
    if (ms < 1000) { return Math.round(ms) + 'ms'; }
    var s = ms / 1000;
    if (s < 60) { return s.toFixed(s < 10 ? 2 : 1) + 's'; }
    var m = Math.floor(s / 60);
    if (m < 60) { return m + 'm ' + String(Math.round(s - m * 60)).padStart(2, '0') + 's'; }
    var h = Math.floor(m / 60);
    return h + 'h ' + String(m - h * 60).padStart(2, '0') + 'm';
  }
  function pct(fraction) { return Math.round(fraction * 100) + '%'; }
  function plural(n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); }
  function state(i) { return T.states[T.state[i]]; }
  function stateText(i) { return state(i).replace('-', ' '); }
  function unfinished(i) { var s = state(i); return s === 'running' || s === 'cut-short' || s === 'not-started'; }
  function ran(i) { return T.start[i] >= 0; }
  function fixWave(i) { return i >= P ? T.fix[i - P] : ''; }
  function waveLabel(i) { return i >= P ? T.fix[i - P] : String(T.wave[i]); }
  function tokens(n) { return Number(n).toLocaleString('en-US') + ' tokens'; }
  function dollars(v) { return '$' + Number(v).toFixed(4); }
  function usageText(u) {
    if (!u) { return '-'; }
    return tokens(u.input_tokens + u.output_tokens) + (u.cost_usd === null || u.cost_usd === undefined ? '' : ', ' + dollars(u.cost_usd));
  }

  // ---- header, goal and cards -------------------------------------------------------------
  function header() {
    $('run-id').textContent = D.run_id;
    var pill = $('status');
    pill.textContent = D.status;
    pill.className = 'pill ' + D.status;
    $('goal').textContent = D.goal || D.run_id;
    var meta = [];
    if (D.pattern) { meta.push('pattern: ' + D.pattern); }
    if (D.source) { meta.push('plan: ' + D.source); }
    meta.push(D.mode + ' mode on ' + plural(D.agents, 'agent'));
    meta.push('started ' + D.started_at.replace('T', ' ').replace('Z', ' UTC'));
    if (S) {
      meta.push('report so far, as of ' + S.as_of.replace('T', ' ').replace('Z', ' UTC'));
    } else {
      meta.push('finished ' + D.finished_at.replace('T', ' ').replace('Z', ' UTC'));
    }
    $('meta').textContent = meta.join('  \u00b7  ');
    if (S) {
      var banner = $('so-far');
      banner.hidden = false;
      banner.textContent = 'Run ' + D.run_id + ' ' + S.describe + '. This page shows what the run had recorded by then '
        + '(its journal and execution_plan.json) and does not change: figures that need the end are given so far or '
        + 'not given (' + S.not_ended + '). ' + (S.stage === 'running' ? 'wave report ' + D.run_id + ' --html writes it '
        + 'again; the run writes report.html when it ends.' : 'wave report ' + D.run_id + ' --html writes it again.');
      $('footer').textContent = 'Written by wave while the run had not ended, from its journal (.wave/journal.db) and '
        + 'execution_plan.json: a report so far. Times are measured unless marked as estimates. This page needs no network.';
    }
  }

  function card(label, value, note) {
    var box = el('div', 'card');
    box.appendChild(el('div', 'label', label));
    box.appendChild(el('div', 'value', value));
    if (note) { box.appendChild(el('div', 'note', note)); }
    $('cards').appendChild(box);
  }

  function cards() {
    var counts = { succeeded: 0, failed: 0, skipped: 0, cancelled: 0, running: 0, 'cut-short': 0, 'not-started': 0 };
    for (var i = 0; i < P; i++) { counts[state(i)]++; }
    card('Tasks', String(P), counts.succeeded + ' succeeded \u00b7 ' + counts.failed + ' failed \u00b7 ' + counts.skipped
      + ' skipped \u00b7 ' + counts.cancelled + ' cancelled' + SO_FAR + (N > P ? '; and ' + plural(N - P, 'fix-wave task') : ''));
    if (S) {
      card(S.stage === 'running' ? 'Running' : 'Cut short', String(S.running.length), (S.stage === 'running'
        ? 'tasks running now' : 'tasks running when its process died: wave resume runs them again') + '; '
        + S.not_started + ' not started');
    }
    var resumed = D.sessions && D.sessions.length > 0;
    card('Wall time', fmt(D.wall_ms) + SO_FAR, S ? 'measured from the first task\'s start to '
      + (S.stage === 'running' ? 'now' : 'its last record') + '; not the run\'s: ' + S.not_ended
      : 'measured, first start to last end' + (resumed ? ', the time between its sessions included' : ''));
    if (resumed) {
      card('Sessions', String(D.sessions.length) + ' processes', 'active ' + fmt(D.active_ms) + ': '
        + D.sessions.map(function (s) {
          return s.session + ': ' + (s.ran ? fmt(s.active_ms) + (s.ended ? '' : ' (died: at least)') : 'no task ran');
        }).join(', ') + ' (first task start to last task work)');
    }
    card('Task time', fmt(D.task_ms), S ? 'sum of the measured durations of the tasks ended so far'
      : 'sum of measured task durations; running side by side inflates it');
    var measured = resumed ? 'active time' : 'wall time';
    if (D.efficiency === null) {
      card('Efficiency', 'not given', D.status === 'interrupted' ? 'the run was interrupted'
        : D.efficiency_not_given || 'no task ran');
    } else if (D.efficiency <= 0) {
      card('Efficiency', 'none', measured + ' not shorter than task time');
    } else {
      card('Efficiency', pct(D.efficiency), 'less ' + measured + ' than task time (measured'
        + (resumed ? ', over the sessions\' active times)' : ')'));
    }
    card('Critical path', fmt(D.critical_path_ms) + SO_FAR, 'measured' + (D.status === 'interrupted' || S ? ' so far' : '')
      + '; ' + plural(D.critical_path.length, 'task') + ' in the longest chain' + (S ? ' of the tasks ended so far' : ''));
    if (D.estimate) {
      var delta = D.estimate.makespan_ms > 0 ? (D.wall_ms - D.estimate.makespan_ms) / D.estimate.makespan_ms : 0;
      card('Estimate', fmt(D.estimate.makespan_ms), 'simulated on ' + plural(D.estimate.agents, 'agent') + ' before the run; '
        + (D.status === 'interrupted' ? 'the run was interrupted' : S ? S.not_ended
          : 'the run took ' + pct(Math.abs(delta)) + (delta >= 0 ? ' longer' : ' less')));
    }
    card('Agents', String(D.agents), 'peak ' + D.peak + ' running' + SO_FAR + ', average ' + D.average.toFixed(1));
    if (A && A.tasks > 0) {
      var u = A.usage;
      card('Agent use', u.cost_usd === null ? tokens(u.input_tokens + u.output_tokens) : dollars(u.cost_usd),
        (u.cost_usd === null ? 'no agent reported a cost' : tokens(u.input_tokens + u.output_tokens)) + ' by '
        + plural(A.tasks, 'agent task') + ', as the agents reported it (not measured by wave)');
    }
    if (A && (A.budget.usd !== undefined || A.budget.tokens !== undefined || A.budget.reached)) {
      card('Budget', A.budget.reached ? 'reached' : 'not reached', A.budget.reached
        ? A.budget.reached + '; ' + plural(A.budget.not_started, 'agent task') + ' not started'
        : budgetLimits() + '; no agent task was held back');
    }
  }

  function budgetLimits() {
    var parts = [];
    var u = A.usage;
    if (A.budget.usd !== undefined) {
      parts.push(dollars(u.cost_usd || 0) + ' of ' + dollars(A.budget.usd) + ' (' + A.budget.usd_source + ')');
    }
    if (A.budget.tokens !== undefined) {
      parts.push(tokens(u.input_tokens + u.output_tokens) + ' of ' + Number(A.budget.tokens).toLocaleString('en-US')
        + ' (' + A.budget.tokens_source + ')');
    }
    return parts.join('; ');
  }

  // ---- timeline -------------------------------------------------------------------------
  var end = Math.max(D.wall_ms, 1);
  for (var k = 0; k < N; k++) {
    if (ran(k)) { end = Math.max(end, T.start[k] + T.duration[k]); }
  }
  var view = { from: 0, to: end };
  var GUTTER = 54;
  var AXIS = 22;
  var lanes = 0;
  for (var j = 0; j < N; j++) { lanes = Math.max(lanes, T.lane[j]); }
  lanes = Math.max(lanes, 1);
  var gantt = { rows: lanes, group: 1, rowHeight: 18, byRow: [] };
  var drawn = 0;

  function layoutGantt() {
    var maxRows = 150;
    gantt.group = Math.max(1, Math.ceil(lanes / maxRows));
    gantt.rows = Math.ceil(lanes / gantt.group);
    gantt.rowHeight = Math.max(3, Math.min(22, Math.floor(420 / gantt.rows)));
    $('gantt-box').style.height = (gantt.rows * gantt.rowHeight + AXIS + 8) + 'px';
    gantt.byRow = [];
    for (var r = 0; r < gantt.rows; r++) { gantt.byRow.push([]); }
    for (var i = 0; i < N; i++) {
      if (ran(i) && T.lane[i] > 0) { gantt.byRow[Math.floor((T.lane[i] - 1) / gantt.group)].push(i); }
    }
    gantt.byRow.forEach(function (row) { row.sort(function (a, b) { return T.start[a] - T.start[b]; }); });
    var hint = 'Each row is an agent (I1..I' + lanes + '); bars are tasks, coloured by how they ended. The measured critical path is '
      + 'outlined in violet. Scroll to zoom, drag to pan, double-click to fit.';
    if (gantt.group > 1) {
      hint = 'Each row holds ' + gantt.group + ' agents (' + lanes + ' in all); bars are tasks, coloured by how they ended. '
        + 'The measured critical path is outlined in violet. Scroll to zoom, drag to pan, double-click to fit.';
    }
    if (N > P) { hint += ' Fix-wave tasks have a blue foot.'; }
    var notRun = N - gantt.byRow.reduce(function (sum, row) { return sum + row.length; }, 0);
    if (notRun > 0) {
      hint += ' ' + plural(notRun, 'task') + (S ? ' have not started (or were skipped or cancelled) and have no bar.'
        : ' never started (skipped or cancelled) and have no bar.');
    }
    if (S) {
      hint += ' A report so far: running bars end at the dashed line, ' + (S.stage === 'running' ? 'now.'
        : 'the run\'s last record (its process died; cut-short tasks ran at least that long).');
    }
    $('timeline-hint').textContent = hint;
  }

  function setup(canvas) {
    var ratio = window.devicePixelRatio || 1;
    var width = canvas.clientWidth;
    var height = canvas.clientHeight;
    canvas.width = Math.max(1, Math.round(width * ratio));
    canvas.height = Math.max(1, Math.round(height * ratio));
    var context = canvas.getContext('2d');
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    return { context: context, width: width, height: height };
  }

  function x(time, width) { return GUTTER + (time - view.from) / (view.to - view.from) * (width - GUTTER - 10); }
  function timeAt(px, width) { return view.from + (px - GUTTER) / (width - GUTTER - 10) * (view.to - view.from); }

  function niceStep(span, count) {
    var raw = span / count;
    var steps = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 15000, 30000, 60000, 120000, 300000, 600000,
      900000, 1800000, 3600000, 7200000, 14400000, 43200000, 86400000];
    for (var i = 0; i < steps.length; i++) { if (steps[i] >= raw) { return steps[i]; } }
    return steps[steps.length - 1];
  }

  function axis(c, top, bottom) {
    var step = niceStep(view.to - view.from, Math.max(2, Math.floor((c.width - GUTTER) / 110)));
    c.context.font = '11px system-ui, sans-serif';
    c.context.fillStyle = '#667085';
    c.context.strokeStyle = '#edf0f5';
    c.context.lineWidth = 1;
    for (var t = Math.ceil(view.from / step) * step; t <= view.to; t += step) {
      var px = Math.round(x(t, c.width)) + 0.5;
      c.context.beginPath();
      c.context.moveTo(px, top);
      c.context.lineTo(px, bottom);
      c.context.stroke();
      c.context.fillText(fmt(t), px + 3, bottom + 14);
    }
  }

  function drawGantt() {
    var c = setup($('gantt'));
    var g = c.context;
    var top = 4;
    var bottom = top + gantt.rows * gantt.rowHeight;
    axis(c, top, bottom);
    g.font = '11px system-ui, sans-serif';
    var labelEvery = Math.max(1, Math.ceil(12 / gantt.rowHeight));
    for (var r = 0; r < gantt.rows; r++) {
      var y = top + r * gantt.rowHeight;
      if (r % 2 === 1) { g.fillStyle = 'rgba(20,30,60,0.025)'; g.fillRect(GUTTER, y, c.width - GUTTER, gantt.rowHeight); }
      if (r % labelEvery === 0) {
        g.fillStyle = '#667085';
        var label = gantt.group === 1 ? 'I' + (r + 1) : 'I' + (r * gantt.group + 1) + '+';
        g.fillText(label, 6, y + Math.min(gantt.rowHeight, 14) - 2);
      }
    }
    var pad = gantt.rowHeight >= 8 ? 2 : 0;
    drawn = 0;
    var pathBoxes = [];
    for (var row = 0; row < gantt.rows; row++) {
      var list = gantt.byRow[row];
      var y0 = top + row * gantt.rowHeight + pad;
      var h = gantt.rowHeight - 2 * pad;
      for (var n = 0; n < list.length; n++) {
        var i = list[n];
        var s = T.start[i];
        var e = s + T.duration[i];
        drawn++;
        if (e < view.from || s > view.to) { continue; }
        var x0 = x(s, c.width);
        var w = Math.max(1, x(e, c.width) - x0);
        g.fillStyle = STATE_COLOURS[state(i)];
        g.fillRect(x0, y0, w, h);
        if (T.critical[i]) { g.fillStyle = '#1c2330'; g.fillRect(x0, y0, w, Math.max(1, h / 4)); }
        if (T.path[i]) { pathBoxes.push([x0, y0, w, h, i]); }
        if (i >= P) { g.fillStyle = FIX_COLOUR; g.fillRect(x0, y0 + h - Math.max(1, h / 4), w, Math.max(1, h / 4)); }
      }
    }
    if (S) {
      var now = Math.round(x(S.as_of_ms, c.width)) + 0.5;
      g.save();
      g.setLineDash([4, 3]);
      g.strokeStyle = '#1c2330';
      g.lineWidth = 1;
      g.beginPath();
      g.moveTo(now, top);
      g.lineTo(now, bottom);
      g.stroke();
      g.restore();
      g.fillStyle = '#1c2330';
      var mark = S.stage === 'running' ? 'now' : 'last record';
      var wide = g.measureText(mark).width;
      g.fillText(mark, now + 3 + wide > c.width - 4 ? now - 3 - wide : now + 3, top + 10);
    }
    g.strokeStyle = PATH_COLOUR;
    g.lineWidth = 2;
    pathBoxes.sort(function (a, b) { return T.start[a[4]] - T.start[b[4]]; });
    for (var p = 0; p < pathBoxes.length; p++) {
      var b = pathBoxes[p];
      g.strokeRect(b[0] + 1, b[1] + 1, Math.max(1, b[2] - 2), Math.max(1, b[3] - 2));
      if (p > 0) {
        var a = pathBoxes[p - 1];
        g.beginPath();
        g.moveTo(a[0] + a[2], a[1] + a[3] / 2);
        g.lineTo(b[0], b[1] + b[3] / 2);
        g.stroke();
      }
    }
  }

  function concurrencySteps() {
    var events = [];
    for (var i = 0; i < N; i++) {
      if (!ran(i)) { continue; }
      // a retried task holds an agent during its attempts only, not while it waits for its retry
      var spans = T.spans && T.spans[i] ? T.spans[i] : [T.start[i], T.duration[i]];
      for (var s = 0; s + 1 < spans.length; s += 2) { events.push([spans[s], 1]); events.push([spans[s] + spans[s + 1], -1]); }
    }
    events.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var steps = [[0, 0]];
    var running = 0;
    for (var n = 0; n < events.length; n++) {
      running += events[n][1];
      if (steps[steps.length - 1][0] === events[n][0]) { steps[steps.length - 1][1] = running; } else { steps.push([events[n][0], running]); }
    }
    return steps;
  }
  var steps = concurrencySteps();
  var peak = steps.reduce(function (max, step) { return Math.max(max, step[1]); }, 0);

  function drawConcurrency() {
    var c = setup($('concurrency'));
    var g = c.context;
    var top = 8;
    var bottom = c.height - AXIS;
    var ceiling = Math.max(D.agents, peak, 1) * 1.25;
    axis(c, top, bottom);
    function y(v) { return bottom - v / ceiling * (bottom - top); }
    g.fillStyle = '#667085';
    g.font = '11px system-ui, sans-serif';
    g.fillText(String(Math.max(D.agents, peak)), 6, y(Math.max(D.agents, peak)) + 4);
    g.fillText('0', 6, bottom);
    g.beginPath();
    g.moveTo(x(view.from, c.width), y(0));
    var last = 0;
    for (var n = 0; n < steps.length; n++) {
      var px = Math.min(Math.max(x(steps[n][0], c.width), GUTTER), c.width - 10);
      g.lineTo(px, y(last));
      g.lineTo(px, y(steps[n][1]));
      last = steps[n][1];
    }
    g.lineTo(c.width - 10, y(last));
    g.lineTo(c.width - 10, y(0));
    g.closePath();
    g.fillStyle = 'rgba(47,111,219,0.18)';
    g.fill();
    g.strokeStyle = '#2f6fdb';
    g.lineWidth = 1.5;
    g.stroke();
    g.setLineDash([5, 4]);
    g.strokeStyle = '#d9484b';
    g.beginPath();
    g.moveTo(GUTTER, y(D.agents) + 0.5);
    g.lineTo(c.width - 10, y(D.agents) + 0.5);
    g.stroke();
    g.setLineDash([]);
    g.fillStyle = '#d9484b';
    var label = 'agent limit ' + D.agents + '  \u00b7  peak ' + peak + ' running' + SO_FAR + ', average ' + D.average.toFixed(1);
    g.fillText(label, c.width - 14 - g.measureText(label).width, Math.max(top + 10, y(D.agents) - 4));
  }

  function redraw() { drawGantt(); drawConcurrency(); }

  function zoom(factor, centre) {
    var span = (view.to - view.from) * factor;
    span = Math.min(end, Math.max(span, Math.max(5, end / 100000)));
    var from = centre - (centre - view.from) * (span / (view.to - view.from));
    view.from = Math.max(0, Math.min(from, end - span));
    view.to = view.from + span;
    redraw();
  }

  function findTask(px, py, canvas) {
    var row = Math.floor((py - 4) / gantt.rowHeight);
    if (row < 0 || row >= gantt.rows || px < GUTTER) { return -1; }
    var time = timeAt(px, canvas.clientWidth);
    var slack = (view.to - view.from) / canvas.clientWidth * 2;
    var list = gantt.byRow[row];
    var low = 0;
    var high = list.length - 1;
    while (low <= high) {
      var mid = (low + high) >> 1;
      if (T.start[list[mid]] <= time + slack) { low = mid + 1; } else { high = mid - 1; }
    }
    for (var n = high, seen = 0; n >= 0 && seen < 400; n--, seen++) {
      var i = list[n];
      if (T.start[i] + T.duration[i] + slack >= time) { return i; }
    }
    return -1;
  }

  function describe(i) {
    var lines = [T.id[i] + (T.title[i] ? ': ' + T.title[i] : ''),
      stateText(i) + ' on I' + T.lane[i] + (i >= P ? ', fix wave ' + fixWave(i) : ', wave ' + T.wave[i])
        + (T.critical[i] ? ', critical task' : '')
        + (T.path[i] ? ', on the critical path' : ''),
      (unfinished(i) ? (state(i) === 'running' ? 'running for ' + fmt(T.duration[i]) + ' so far' : 'ran at least '
        + fmt(T.duration[i]) + ' before its process died') : 'measured ' + fmt(T.duration[i]))
        + (i >= P ? '' : ' (estimate ' + fmt(T.estimate[i]) + ')') + ', started at +' + fmt(T.start[i])
        + (T.attempts[i] > 1 ? ', ' + T.attempts[i] + ' attempts' : '')];
    if (T.what[i]) { lines.push(T.what[i].length > 160 ? T.what[i].slice(0, 157) + '...' : T.what[i]); }
    if (T.summary[i]) { lines.push('\u2192 ' + T.summary[i]); }
    if (T.tokens && T.tokens[i] > 0) {
      lines.push('agent use: ' + tokens(T.tokens[i]) + (T.cost[i] === null ? '' : ', ' + dollars(T.cost[i])) + ' (as reported)');
    }
    return lines.join('\n');
  }

  function wireTimeline() {
    var canvas = $('gantt');
    var tip = $('tip');
    var drag = null;
    [canvas, $('concurrency')].forEach(function (target) {
      target.addEventListener('wheel', function (event) {
        event.preventDefault();
        zoom(event.deltaY > 0 ? 1.25 : 0.8, timeAt(event.offsetX, target.clientWidth));
      }, { passive: false });
      target.addEventListener('mousedown', function (event) { drag = { x: event.clientX, from: view.from, to: view.to, width: target.clientWidth }; });
      target.addEventListener('dblclick', function () { view.from = 0; view.to = end; redraw(); });
    });
    window.addEventListener('mouseup', function () { drag = null; });
    window.addEventListener('mousemove', function (event) {
      if (!drag) { return; }
      var shift = (event.clientX - drag.x) / (drag.width - GUTTER - 10) * (drag.to - drag.from);
      var span = drag.to - drag.from;
      view.from = Math.max(0, Math.min(drag.from - shift, end - span));
      view.to = view.from + span;
      redraw();
    });
    canvas.addEventListener('mousemove', function (event) {
      var i = findTask(event.offsetX, event.offsetY, canvas);
      if (i < 0) { tip.style.display = 'none'; return; }
      tip.textContent = describe(i);
      tip.style.display = 'block';
      var left = Math.min(event.offsetX + 14, canvas.clientWidth - tip.offsetWidth - 4);
      tip.style.left = Math.max(0, left) + 'px';
      tip.style.top = (event.offsetY + 14) + 'px';
    });
    canvas.addEventListener('mouseleave', function () { tip.style.display = 'none'; });
    $('zoom-in').addEventListener('click', function () { zoom(0.5, (view.from + view.to) / 2); });
    $('zoom-out').addEventListener('click', function () { zoom(2, (view.from + view.to) / 2); });
    $('zoom-fit').addEventListener('click', function () { view.from = 0; view.to = end; redraw(); });
    var resize = null;
    window.addEventListener('resize', function () { clearTimeout(resize); resize = setTimeout(function () { redraw(); drawScatter(); }, 100); });
    var legend = $('legend');
    Object.keys(STATE_COLOURS).forEach(function (name) {
      var item = el('span');
      var swatch = el('i');
      swatch.style.background = STATE_COLOURS[name];
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(name.replace('-', ' ')));
      legend.appendChild(item);
    });
    var path = el('span');
    var box = el('i');
    box.style.border = '2px solid ' + PATH_COLOUR;
    path.appendChild(box);
    path.appendChild(document.createTextNode('critical path (measured)'));
    legend.appendChild(path);
    var critical = el('span');
    var stripe = el('i');
    stripe.style.background = 'linear-gradient(#1c2330 0 30%, #cfd5df 30%)';
    critical.appendChild(stripe);
    critical.appendChild(document.createTextNode('critical task'));
    legend.appendChild(critical);
    if (N > P) {
      var fix = el('span');
      var foot = el('i');
      foot.style.background = 'linear-gradient(#cfd5df 0 70%, ' + FIX_COLOUR + ' 70%)';
      fix.appendChild(foot);
      fix.appendChild(document.createTextNode('fix-wave task'));
      legend.appendChild(fix);
    }
  }

  // ---- waves ------------------------------------------------------------------------------
  function waves() {
    var table = $('waves');
    if (S) {
      $('waves-hint').textContent = 'Utilisation so far: time the agents spent on the wave\'s tasks ended so far, during '
        + 'their span, out of agents \u00d7 span (measured); a wave with tasks running or not started is not complete.';
    }
    var head = el('tr');
    var usageByWave = {};
    if (A) { A.waves.forEach(function (w) { usageByWave[w.wave] = w; }); }
    var fixesByWave = {};
    D.fix_waves.forEach(function (fix) {
      var parent = fix.wave.split('.')[0];
      (fixesByWave[parent] = fixesByWave[parent] || []).push(fix);
    });
    var columns = ['Wave', 'Tasks run', 'Span', 'Busy', 'Utilisation', ''];
    if (A && A.waves.length) { columns.push('Agent use'); }
    columns.forEach(function (name, n) {
      head.appendChild(el('th', n > 0 && n < 4 || n === 6 ? 'num' : '', name));
    });
    table.appendChild(head);
    var shown = D.waves.slice(0, 200);
    shown.forEach(function (wave) {
      var row = el('tr');
      row.appendChild(el('td', '', String(wave.wave) + (wave.critical ? ' (critical)' : '')));
      row.appendChild(el('td', 'num', wave.run + ' of ' + wave.planned));
      row.appendChild(el('td', 'num', fmt(wave.span_ms)));
      row.appendChild(el('td', 'num', fmt(wave.busy_ms)));
      var cell = el('td');
      var bar = el('div', 'bar');
      var fill = el('b');
      fill.style.width = Math.round(wave.utilisation * 100) + '%';
      bar.appendChild(fill);
      cell.appendChild(bar);
      row.appendChild(cell);
      row.appendChild(el('td', 'num', wave.run === 0 ? '-' : pct(wave.utilisation)));
      if (columns.length > 6) { row.appendChild(el('td', 'num', usageByWave[wave.wave] ? usageText(usageByWave[wave.wave]) : '-')); }
      table.appendChild(row);
      (fixesByWave[String(wave.wave)] || []).forEach(function (fix) {
        var inserted = el('tr', 'inserted');
        inserted.appendChild(el('td', '', fix.wave + ' (fix)'));
        var cell = el('td', '', plural(fix.steps.length, 'step') + (fix.task ? ' for ' + fix.task : '') + ': ' + fix.outcome);
        cell.colSpan = columns.length - 1;
        inserted.appendChild(cell);
        table.appendChild(inserted);
      });
    });
    if (D.waves.length > shown.length) {
      var more = el('tr');
      var td = el('td', '', '... ' + (D.waves.length - shown.length) + ' more waves (execution_summary.json lists them all)');
      td.colSpan = 6;
      more.appendChild(td);
      table.appendChild(more);
    }
  }

  // ---- estimate against measured --------------------------------------------------------
  var measured = [];
  for (var m = 0; m < N; m++) {
    // A cancelled task was stopped part-way: its time is not a measure of the task.
    // A task still running (or cut short by a dead process) has no measured time yet.
    if (ran(m) && T.estimate[m] > 0 && state(m) !== 'cancelled' && !unfinished(m)) { measured.push(m); }
  }

  function drawScatter() {
    var c = setup($('scatter'));
    var g = c.context;
    var left = 48;
    var bottom = c.height - 26;
    var top = 8;
    var right = c.width - 26;
    var low = Infinity;
    var high = 1;
    measured.forEach(function (i) {
      low = Math.min(low, T.estimate[i], Math.max(1, T.duration[i]));
      high = Math.max(high, T.estimate[i], T.duration[i]);
    });
    if (!isFinite(low)) { low = 1; }
    var lo = Math.floor(Math.log10(Math.max(1, low)));
    var hi = Math.max(lo + 1, Math.ceil(Math.log10(high)));
    function sx(v) { return left + (Math.log10(Math.max(1, v)) - lo) / (hi - lo) * (right - left); }
    function sy(v) { return bottom - (Math.log10(Math.max(1, v)) - lo) / (hi - lo) * (bottom - top); }
    g.font = '11px system-ui, sans-serif';
    g.strokeStyle = '#edf0f5';
    g.fillStyle = '#667085';
    for (var d = lo; d <= hi; d++) {
      var v = Math.pow(10, d);
      g.beginPath(); g.moveTo(sx(v), top); g.lineTo(sx(v), bottom); g.stroke();
      g.beginPath(); g.moveTo(left, sy(v)); g.lineTo(right, sy(v)); g.stroke();
      g.fillText(fmt(v), sx(v) - 10, bottom + 14);
      g.fillText(fmt(v), 4, sy(v) + 4);
    }
    g.strokeStyle = '#98a2b3';
    g.setLineDash([4, 4]);
    g.beginPath(); g.moveTo(sx(Math.pow(10, lo)), sy(Math.pow(10, lo))); g.lineTo(sx(Math.pow(10, hi)), sy(Math.pow(10, hi))); g.stroke();
    g.setLineDash([]);
    var radius = measured.length > 2000 ? 1.5 : 3;
    g.globalAlpha = measured.length > 2000 ? 0.35 : 0.75;
    measured.forEach(function (i) {
      g.fillStyle = T.path[i] ? PATH_COLOUR : STATE_COLOURS[state(i)];
      g.beginPath();
      g.arc(sx(T.estimate[i]), sy(T.duration[i]), radius, 0, 2 * Math.PI);
      g.fill();
    });
    g.globalAlpha = 1;
    g.fillStyle = '#667085';
    g.fillText('estimate \u2192', right - 64, bottom - 4);
    g.save();
    g.translate(12, top + 70);
    g.rotate(-Math.PI / 2);
    g.fillText('measured \u2192', 0, 0);
    g.restore();
  }

  function estimates() {
    var over = 0;
    measured.forEach(function (i) { if (T.duration[i] > T.estimate[i]) { over++; } });
    $('scatter-hint').textContent = measured.length === 0 ? 'No task that ran had an estimate.'
      : 'Each dot is a task that ended by itself (log scales): its estimate across, its measured duration up. Above the '
        + 'dashed line it took longer than estimated (' + over + ' of ' + measured.length + '). Critical-path tasks are violet.';
    var ranked = measured.slice().sort(function (a, b) {
      return Math.abs(Math.log((T.duration[b] + 1) / T.estimate[b])) - Math.abs(Math.log((T.duration[a] + 1) / T.estimate[a]));
    }).slice(0, 6);
    var table = $('deviations');
    if (ranked.length === 0) { return; }
    var head = el('tr');
    ['Furthest from the estimate', 'Estimate', 'Measured', 'Ratio'].forEach(function (name, n) { head.appendChild(el('th', n ? 'num' : '', name)); });
    table.appendChild(head);
    ranked.forEach(function (i) {
      var row = el('tr');
      row.appendChild(el('td', 'mono', T.id[i]));
      row.appendChild(el('td', 'num', fmt(T.estimate[i])));
      row.appendChild(el('td', 'num', fmt(T.duration[i])));
      var ratio = T.duration[i] / T.estimate[i];
      row.appendChild(el('td', 'num', ratio < 0.01 ? '<0.01x' : ratio.toFixed(2) + 'x'));
      table.appendChild(row);
    });
  }

  // ---- failures, safety, files, plan ---------------------------------------------------------
  function failures() {
    var box = $('failures');
    if (D.failed === 0) {
      box.appendChild(el('p', 'ok-text', 'No task failed' + SO_FAR + '.'));
    }
    D.failures.forEach(function (failure) {
      var item = el('div', 'failure');
      item.appendChild(el('div', 'title', failure.id + ': ' + failure.reason + (failure.attempts > 1 ? ' (after ' + failure.attempts + ' attempts)' : '')));
      item.appendChild(el('div', 'hint', 'log: ' + failure.log));
      item.appendChild(failure.excerpt ? el('pre', '', failure.excerpt) : el('div', 'hint', 'The task printed nothing.'));
      box.appendChild(item);
    });
    if (D.failed > D.failures.length) {
      box.appendChild(el('p', 'hint', '... and ' + (D.failed - D.failures.length) + ' more failed tasks; execution_summary.json lists them all.'));
    }
    if (D.aborted) { box.appendChild(el('p', '', 'Aborted: ' + D.aborted)); }
    if (D.decisions.length) {
      box.appendChild(el('h3', '', 'Decisions about failures'));
      var list = el('ul');
      D.decisions.slice(0, 100).forEach(function (text) { list.appendChild(el('li', '', text)); });
      box.appendChild(list);
    }
  }

  function fact(list, name, value) {
    if (value === undefined || value === null || value === '') { return; }
    list.appendChild(el('dt', '', name));
    list.appendChild(el('dd', '', value));
  }

  function safety() {
    var list = $('safety');
    var s = D.safety;
    fact(list, 'Backup', s.backup);
    s.critical && s.critical.forEach(function (step) { fact(list, 'Critical', step); });
    s.verified && s.verified.forEach(function (step) { fact(list, 'Verified', step); });
    fact(list, 'Commit', s.commit);
    fact(list, 'Rollback', s.rollback);
    s.checks && s.checks.forEach(function (check) { fact(list, 'Check', check); });
    fact(list, 'On failure', s.on_failure);
    if (!list.children.length) { fact(list, 'Safety net', 'none recorded for this run'); }
  }

  function files() {
    var box = $('files');
    var f = D.files;
    box.appendChild(el('p', '', f.count === 0 ? 'The built-in actions changed no files (from ' + f.source + ').'
      : plural(f.count, 'file') + ' changed by built-in actions, from ' + f.source + '.'));
    if (f.shell_tasks) {
      box.appendChild(el('p', 'hint', 'Shell tasks do not list the files they change'
        + (f.committed !== undefined ? '; the final commit holds ' + plural(f.committed, 'changed file') + ' in all.' : '.')));
    } else if (f.committed !== undefined && f.committed > 0) {
      box.appendChild(el('p', 'hint', 'The final commit holds ' + plural(f.committed, 'changed file') + '.'));
    }
    if (f.paths.length) {
      var list = el('ul', 'files');
      f.paths.forEach(function (path) { list.appendChild(el('li', '', path)); });
      box.appendChild(list);
      if (f.count > f.paths.length) { box.appendChild(el('p', 'hint', '... and ' + (f.count - f.paths.length) + ' more.')); }
    }
  }

  // ---- agents, fix waves, what was kept ------------------------------------------------------------
  function table(rows, header, numeric) {
    var node = el('table', 'list');
    var head = el('tr');
    header.forEach(function (name, n) { head.appendChild(el('th', numeric.indexOf(n) >= 0 ? 'num' : '', name)); });
    node.appendChild(head);
    rows.forEach(function (cells) {
      var row = el('tr');
      cells.forEach(function (text, n) { row.appendChild(el('td', numeric.indexOf(n) >= 0 ? 'num' : (n === 0 ? 'mono' : ''), text)); });
      node.appendChild(row);
    });
    return node;
  }

  function agents() {
    if (!A || (A.tasks === 0 && A.budget.usd === undefined && A.budget.tokens === undefined && !A.budget.reached)) { return; }
    $('agents-panel').hidden = false;
    var box = $('agents');
    box.appendChild(el('p', 'hint', 'Tokens and dollars as the agent CLIs reported them: wave adds them up, it neither measures '
      + 'nor estimates them. ' + (A.without_cost > 0 ? plural(A.without_cost, 'agent task') + ' reported tokens but no cost '
      + '(codex reports none): the dollars leave them out.' : '')));
    var facts = el('dl', 'facts');
    fact(facts, 'Spent', usageText(A.usage) + ' by ' + plural(A.tasks, 'agent task'));
    if (A.budget.usd !== undefined || A.budget.tokens !== undefined) { fact(facts, 'Budget', budgetLimits()); }
    fact(facts, 'Stopped new agents', A.budget.reached ? 'yes: ' + A.budget.reached + '; ' + plural(A.budget.not_started, 'agent task')
      + ' not started (running agents finished)' : (A.budget.usd !== undefined || A.budget.tokens !== undefined ? 'no' : ''));
    box.appendChild(facts);
    if (A.waves.length) {
      box.appendChild(el('h3', '', 'Per wave'));
      box.appendChild(table(A.waves.map(function (w) {
        return [String(w.wave), String(w.tasks), tokens(w.input_tokens), tokens(w.output_tokens),
          w.cost_usd === null ? '-' : dollars(w.cost_usd)];
      }), ['Wave', 'Agent tasks', 'In', 'Out', 'Cost'], [1, 2, 3, 4]));
    }
    if (A.costliest.length) {
      box.appendChild(el('h3', '', 'Costliest tasks' + (A.costliest.length < A.tasks ? ' (' + A.costliest.length + ' of ' + A.tasks + ')' : '')));
      box.appendChild(table(A.costliest.map(function (t) {
        return [t.id, t.status, t.fix_wave || String(t.wave), tokens(t.input_tokens), tokens(t.output_tokens),
          t.cost_usd === null ? '-' : dollars(t.cost_usd)];
      }), ['Task', 'Status', 'Wave', 'In', 'Out', 'Cost'], [2, 3, 4, 5]));
    }
  }

  function fixWaves() {
    if (!D.fix_waves.length) { return; }
    $('fix-panel').hidden = false;
    var box = $('fix-waves');
    D.fix_waves.forEach(function (fix) {
      var item = el('div', 'fixwave ' + (fix.outcome === 'fixed' ? 'fixed' : 'unfixed'));
      item.appendChild(el('div', 'title', 'Wave ' + fix.wave + (fix.task ? ' for ' + fix.task : '') + ': ' + (fix.outcome || 'no outcome recorded')));
      var facts = el('dl', 'facts');
      fact(facts, 'Trigger', fix.trigger);
      Object.keys(fix.other).forEach(function (key) { fact(facts, key.replace(/_/g, ' '), fix.other[key]); });
      if (facts.children.length) { item.appendChild(facts); }
      item.appendChild(table(fix.steps.map(function (step) {
        return [step.id, step.step, step.status, step.instance || '-', step.start < 0 ? '-' : '+' + fmt(step.start),
          step.start < 0 ? '-' : fmt(step.duration_ms), usageText(step.usage), step.summary];
      }), ['Task', 'Step', 'Status', 'Agent', 'Started', 'Measured', 'Agent use', 'Said'], [4, 5, 6]));
      box.appendChild(item);
    });
    if (D.fix_waves_more > 0) { box.appendChild(el('p', 'hint', '... and ' + D.fix_waves_more + ' more fix waves; execution_summary.json lists them all.')); }
  }

  function running() {
    if (!S) { return; }
    $('running-panel').hidden = false;
    var live = S.stage === 'running';
    $('running-title').textContent = live ? 'Running now' : 'Running when its process died';
    var box = $('running');
    box.appendChild(el('p', 'hint', live ? 'Each task with an attempt out, since when and for how long so far (measured), '
      + 'against its estimate.' : 'Each task that had an attempt out when the process died: it ran at least this long; '
      + (S.resumable ? 'wave resume ' + D.run_id + ' runs it again from the start.' : 'the run cannot be resumed.')));
    if (!S.running.length) { box.appendChild(el('p', '', 'No task ' + (live ? 'is running' : 'was running') + '.')); return; }
    box.appendChild(table(S.running.map(function (t) {
      return [t.id, String(t.wave), t.instance || '-', String(t.attempt), '+' + fmt(t.since_ms), fmt(t.for_ms)
        + (live ? ' so far' : ' at least'), t.estimate_ms > 0 ? fmt(t.estimate_ms) : '-'];
    }), ['Task', 'Wave', 'Agent', 'Attempt', 'Since', 'For', 'Estimate'], [1, 3, 4, 5, 6]));
  }

  function kept() {
    var k = D.kept;
    if (!k || (!k.worktrees.length && !k.conflicts.length)) { return; }
    $('kept-panel').hidden = false;
    var box = $('kept');
    if (k.worktrees.length) {
      box.appendChild(el('h3', '', 'Agent worktrees and branches'));
      box.appendChild(el('p', 'hint', 'Kept when the run ended (a failed attempt or a conflict); checked again when this page was '
        + 'written. git worktree remove and git branch -D discard one; wave rollback discards them all.'));
      box.appendChild(table(k.worktrees.map(function (w) { return [w.task, w.state, w.path, w.branch]; }),
        ['Task', 'Now', 'Worktree', 'Branch'], []));
    }
    if (k.conflicts.length) {
      box.appendChild(el('h3', '', 'Merge conflicts'));
      k.conflicts.forEach(function (c) {
        var item = el('div', 'failure');
        item.appendChild(el('div', 'title', c.task + ': ' + c.outcome));
        item.appendChild(el('div', 'hint', 'both sides: ' + c.record + (c.resolve_log ? '; resolution log: ' + c.resolve_log : '')));
        var list = el('ul', 'files');
        (c.files || []).forEach(function (file) { list.appendChild(el('li', '', file)); });
        if (c.more_files > 0) { list.appendChild(el('li', '', '... and ' + c.more_files + ' more')); }
        item.appendChild(list);
        box.appendChild(item);
      });
      if (k.more_conflicts > 0) { box.appendChild(el('p', 'hint', '... and ' + k.more_conflicts + ' more conflict records in logs/.')); }
    }
  }

  function plan() {
    var box = $('plan');
    if (D.estimate) {
      box.appendChild(el('p', '', 'Estimated ' + fmt(D.estimate.makespan_ms) + ' on ' + plural(D.estimate.agents, 'agent')
        + ' (estimate: the scheduler simulated on task estimates; sequential ' + fmt(D.estimate.sequential_ms)
        + ', critical path ' + fmt(D.estimate.critical_path_ms) + '). Measured' + SO_FAR + ': ' + fmt(D.wall_ms) + ' wall, critical path '
        + fmt(D.critical_path_ms) + '.'));
    }
    if (D.scaling && D.scaling.length) {
      var list = el('ul');
      D.scaling.forEach(function (reason) { list.appendChild(el('li', '', reason)); });
      box.appendChild(list);
    }
    var table = $('tasks');
    var filter = $('filter');
    var LIMIT = 300;
    function render() {
      var words = filter.value.trim().toLowerCase();
      while (table.firstChild) { table.removeChild(table.firstChild); }
      var head = el('tr');
      var names = ['Task', 'Status', 'Wave', 'Agent', 'Estimate', 'Measured'];
      if (T.tokens) { names.push('Tokens', 'Cost'); }
      names.push('What it ran and said');
      names.forEach(function (name, n) {
        head.appendChild(el('th', n >= 2 && n < names.length - 1 ? 'num' : '', name));
      });
      table.appendChild(head);
      var matched = 0;
      for (var i = 0; i < N; i++) {
        if (words && (T.id[i] + ' ' + state(i) + ' ' + waveLabel(i) + ' ' + T.what[i] + ' ' + T.summary[i] + ' ' + T.title[i]).toLowerCase().indexOf(words) < 0) { continue; }
        matched++;
        if (matched > LIMIT) { continue; }
        var row = el('tr');
        var id = el('td', 'mono', T.id[i]);
        row.appendChild(id);
        var status = el('td');
        status.appendChild(el('span', 'tag ' + state(i), stateText(i)));
        if (T.critical[i]) { status.appendChild(document.createTextNode(' ')); status.appendChild(el('span', 'tag critical', 'critical')); }
        if (T.path[i]) { status.appendChild(document.createTextNode(' ')); status.appendChild(el('span', 'tag path', 'path')); }
        row.appendChild(status);
        row.appendChild(el('td', 'num', waveLabel(i)));
        row.appendChild(el('td', 'num', T.lane[i] ? 'I' + T.lane[i] : '-'));
        row.appendChild(el('td', 'num', i >= P ? '-' : fmt(T.estimate[i])));
        row.appendChild(el('td', 'num', ran(i) ? fmt(T.duration[i]) + (unfinished(i) ? ' so far' : '') : '-'));
        if (T.tokens) {
          row.appendChild(el('td', 'num', T.tokens[i] > 0 ? Number(T.tokens[i]).toLocaleString('en-US') : '-'));
          row.appendChild(el('td', 'num', T.cost[i] === null ? '-' : dollars(T.cost[i])));
        }
        var text = T.what[i] + (T.summary[i] ? '  \u2192 ' + T.summary[i] : '');
        var cell = el('td', 'mono', text);
        cell.title = text;
        row.appendChild(cell);
        table.appendChild(row);
      }
      $('filter-count').textContent = matched > LIMIT ? 'showing ' + LIMIT + ' of ' + matched + ' tasks; filter to see others'
        : plural(matched, 'task');
    }
    filter.addEventListener('input', render);
    render();
  }

  header();
  cards();
  layoutGantt();
  wireTimeline();
  redraw();
  waves();
  estimates();
  drawScatter();
  failures();
  safety();
  files();
  agents();
  fixWaves();
  kept();
  running();
  plan();
  marker.setAttribute('data-rendered', String(N));
  marker.setAttribute('data-drawn', String(drawn));
  marker.setAttribute('data-errors', String(errors.length));
})();

// The console's live page: reads the window of the live statistics from server-sent events and
// draws it with uPlot (passages per bucket and latency p50/p99), plus the counters and the
// outcome table. Aggregates only; nothing here names a rider.
(function () {
  'use strict';
  var root = document.getElementById('live');
  if (!root || typeof uPlot === 'undefined') {
    return;
  }
  var labels = JSON.parse(root.dataset.labels);
  var outcomeLabels = JSON.parse(root.dataset.outcomeLabels);
  var charts = {};
  var events = 0;

  function width(el) {
    return Math.max(280, Math.min(900, el.clientWidth || 600));
  }

  function chart(id, series, data) {
    var el = document.getElementById(id);
    if (!charts[id]) {
      var opts = {
        width: width(el),
        height: 220,
        series: [{}].concat(series),
        axes: [{}, {}],
        legend: { live: false }
      };
      charts[id] = new uPlot(opts, data, el);
    } else {
      charts[id].setData(data);
    }
    el.setAttribute('data-points', String(data[0].length));
  }

  function fixed(v) {
    return (Math.round(v * 10) / 10).toFixed(1);
  }

  function text(id, value) {
    var el = document.getElementById(id);
    if (el) {
      el.textContent = value;
    }
  }

  function outcomes(counts) {
    var body = document.getElementById('live-outcomes-body');
    while (body.firstChild) {
      body.removeChild(body.firstChild);
    }
    var names = Object.keys(counts);
    names.sort(function (a, b) { return counts[b] - counts[a]; });
    names.forEach(function (name) {
      var tr = document.createElement('tr');
      var th = document.createElement('th');
      th.scope = 'row';
      th.textContent = outcomeLabels[name] || name;
      var td = document.createElement('td');
      td.textContent = String(counts[name]);
      td.setAttribute('data-outcome', name);
      tr.appendChild(th);
      tr.appendChild(td);
      body.appendChild(tr);
    });
    document.getElementById('live-outcomes-empty').hidden = names.length > 0;
  }

  function update(d) {
    events++;
    root.setAttribute('data-events-received', String(events));
    text('live-passages', String(d.passages));
    text('live-p50', fixed(d.authority.p50));
    text('live-p90', fixed(d.authority.p90));
    text('live-p99', fixed(d.authority.p99));
    text('live-gate-p50', fixed(d.gate.p50));
    text('live-gate-p99', fixed(d.gate.p99));
    text('live-at', new Date(d.at).toLocaleTimeString(document.documentElement.lang || undefined));
    chart('chart-passages', [
      { label: labels.passages, stroke: '#0072b2', width: 2 },
      { label: labels.opened, stroke: '#009e73', width: 2 }
    ], [d.t, d.perBucket, d.opened]);
    chart('chart-latency', [
      { label: labels.p50, stroke: '#e69f00', width: 2 },
      { label: labels.p99, stroke: '#d55e00', width: 2 }
    ], [d.t, d.p50, d.p99]);
    outcomes(d.outcomes);
  }

  var source = new EventSource(root.dataset.events);
  source.addEventListener('live', function (ev) {
    update(JSON.parse(ev.data));
  });
  source.onerror = function () {
    text('live-status', labels.reconnecting);
  };
  source.onopen = function () {
    text('live-status', labels.connected);
  };
})();

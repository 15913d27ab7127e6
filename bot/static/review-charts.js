/* Dashboard charts (Chart.js). Every chart has the same figures in a table beside it;
   the figures and the words come from the page (review/dashboard.html). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var common = { animation: reduced ? false : undefined, responsive: true, maintainAspectRatio: false };
  new Chart(document.getElementById("chart-per-day"), {
    type: "line",
    data: {
      labels: data.per_day.map(function (d) { return d[0]; }),
      datasets: [
        { label: data.labels.conversations, data: data.per_day.map(function (d) { return d[1]; }), borderColor: "#1d70b8", backgroundColor: "#1d70b8" },
        { label: data.labels.with_fallback, data: data.per_day.map(function (d) { return d[2]; }), borderColor: "#d4351c", backgroundColor: "#d4351c", borderDash: [6, 4] }
      ]
    },
    options: Object.assign({ scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }, common)
  });
  new Chart(document.getElementById("chart-topics"), {
    type: "bar",
    data: {
      labels: data.top_topics.map(function (t) { return t[0]; }),
      datasets: [{ label: data.labels.conversations, data: data.top_topics.map(function (t) { return t[1]; }), backgroundColor: "#00703c" }]
    },
    options: Object.assign({ indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }, common)
  });
})();

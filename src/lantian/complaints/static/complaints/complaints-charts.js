/* ECharts for the complaint statistics: received and answered per row. The figures
   are in the table under each chart; the container carries role="img" and a label. */
(function () {
  "use strict";
  function init() {
    var el = document.getElementById("complaints-charts-data");
    if (!window.echarts || !el) return;
    var charts = [];
    JSON.parse(el.textContent).forEach(function (spec) {
      var box = document.getElementById(spec.id);
      if (!box) return;
      var chart = echarts.init(box, null, { renderer: "canvas" });
      chart.setOption({
        animation: false,
        aria: { enabled: false },
        grid: { left: 44, right: 12, top: 32, bottom: 48 },
        legend: { top: 0 },
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: spec.x, axisLabel: { hideOverlap: true, interval: 0, rotate: spec.x.length > 6 ? 30 : 0 } },
        yAxis: { type: "value", minInterval: 1, min: 0 },
        series: spec.series.map(function (s, i) {
          return { type: "bar", name: s.name, data: s.data, itemStyle: { color: i ? "#5b8c3a" : "#0f5296" } };
        })
      });
      charts.push(chart);
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

/* Each outlet's recent values with the limit as a dashed line, and each outlet's daily
   exceedance rates as bars (percent; a day with incomplete data is a gap). The data come
   from json_script elements; each chart's container carries role="img" and a summary,
   and the rates have a table beside them. */
(function () {
  "use strict";
  var BLUE = "#0f5296";
  function values(spec) {
    var series = { type: "line", name: spec.title, data: spec.y, connectNulls: false, symbolSize: 3,
      lineStyle: { color: BLUE, width: 1.5 }, itemStyle: { color: BLUE } };
    if (spec.limit !== null) {
      series.markLine = { symbol: "none", silent: true, label: { formatter: String(spec.limit) },
        lineStyle: { color: "#b3261e", type: "dashed", width: 2 }, data: [{ yAxis: spec.limit }] };
    }
    return { yAxis: { type: "value", min: 0 }, series: [series] };
  }
  function rates(spec) {
    return {
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value} %" } },
      series: [{ type: "bar", name: spec.title, data: spec.y, itemStyle: { color: BLUE },
        tooltip: { valueFormatter: function (v) { return v === null || v === undefined ? "—" : v + " %"; } } }]
    };
  }
  function draw(id, charts) {
    var el = document.getElementById(id);
    if (!el) return;
    JSON.parse(el.textContent).forEach(function (spec) {
      var box = document.getElementById(spec.id);
      if (!box) return;
      var chart = echarts.init(box, null, { renderer: "canvas" });
      var kind = spec.kind === "rate" ? rates(spec) : values(spec);
      chart.setOption({
        animation: false,
        aria: { enabled: false },
        grid: { left: 48, right: 40, top: 16, bottom: 28 },
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: spec.x, axisLabel: { hideOverlap: true } },
        yAxis: kind.yAxis,
        series: kind.series
      });
      charts.push(chart);
    });
  }
  function init() {
    if (!window.echarts) return;
    var charts = [];
    draw("sources-charts-data", charts);
    draw("sources-rate-charts-data", charts);
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

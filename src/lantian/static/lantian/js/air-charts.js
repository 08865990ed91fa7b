/* ECharts for the air pages. The data come from json_script elements; each chart's
   container carries role="img" and a summary sentence, and a data table follows it. */
(function () {
  "use strict";

  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function series(spec) {
    var option = {
      animation: false,
      aria: { enabled: false }, /* the container's aria-label and the table carry the text */
      grid: { left: 44, right: 12, top: 16, bottom: 28 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: spec.x, axisLabel: { hideOverlap: true } },
      yAxis: { type: "value", min: 0 },
      series: []
    };
    if (spec.kind === "bar") {
      option.series.push({
        type: "bar",
        name: spec.title,
        data: spec.y.map(function (v, i) {
          return { value: v, itemStyle: { color: spec.colors[i] || "#8a8a8a", borderColor: "#555", borderWidth: 0.5 } };
        })
      });
    } else {
      option.series.push({
        type: "line", name: spec.title, data: spec.y, connectNulls: false, symbolSize: 4,
        lineStyle: { color: "#0f5296", width: 2 }, itemStyle: { color: "#0f5296" }
      });
    }
    return option;
  }

  function calendar(spec, width) {
    var vertical = width < 640;
    var cell = vertical ? Math.max(Math.floor((width - 60) / 7), 12) : Math.max(Math.floor((width - 70) / 54), 10);
    var el = document.getElementById(spec.id);
    el.style.height = (vertical ? cell * 54 + 60 : cell * 7 + 70) + "px";
    return {
      animation: false,
      aria: { enabled: false },
      tooltip: {
        formatter: function (p) { return p.value[0] + ": AQI " + p.value[1]; }
      },
      visualMap: { type: "piecewise", show: false, pieces: spec.pieces, dimension: 1 },
      calendar: {
        range: String(spec.year), orient: vertical ? "vertical" : "horizontal",
        cellSize: [cell, cell], left: vertical ? 40 : 50, top: vertical ? 50 : 40, right: 10,
        yearLabel: { show: false },
        dayLabel: { firstDay: 1, nameMap: document.documentElement.lang.indexOf("zh") === 0 ? "ZH" : "EN" },
        monthLabel: { nameMap: document.documentElement.lang.indexOf("zh") === 0 ? "ZH" : "EN" },
        itemStyle: { borderColor: "#fff", borderWidth: 1, color: "#f0f0f0" },
        splitLine: { lineStyle: { color: "#777", width: 1 } }
      },
      series: [{ type: "heatmap", coordinateSystem: "calendar", data: spec.data }]
    };
  }

  function init() {
    if (!window.echarts) return;
    var charts = [];
    (data("air-charts-data") || []).forEach(function (spec) {
      var el = document.getElementById(spec.id);
      if (!el) return;
      var chart = echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(series(spec));
      charts.push(chart);
    });
    var cal = data("air-calendar-data");
    if (cal) {
      var el = document.getElementById(cal.id);
      var draw = function (chart) { chart.setOption(calendar(cal, el.clientWidth), true); chart.resize(); };
      var chart = echarts.init(el, null, { renderer: "canvas" });
      draw(chart);
      window.addEventListener("resize", function () { draw(chart); });
    }
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

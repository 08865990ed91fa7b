/* The phone app: registers the service worker, keeps the last city AQI seen (from the
   page or /api/v1/air/now) and shows it with the time when the device is offline.
   Texts come translated from the script element's data attributes. */
(function () {
  "use strict";
  var script = document.currentScript;
  var KEY = "lantian.air.last";
  var NAMES = { pm25: "PM2.5", pm10: "PM10", o3: "O3", o3_8h: "O3_8h", no2: "NO2", so2: "SO2", co: "CO" };
  var notice = document.getElementById("air-offline");

  if ("serviceWorker" in navigator && script.dataset.sw) {
    navigator.serviceWorker.register(script.dataset.sw, { scope: "/" }).catch(function () {});
  }

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY)); } catch (e) { return null; }
  }
  function store(value) {
    var last = load();
    if (last && last.hour_end && new Date(last.hour_end) > new Date(value.hour_end)) return;
    try { localStorage.setItem(KEY, JSON.stringify(value)); } catch (e) { /* private mode */ }
  }
  function local(iso, part) {
    var options = { timeZone: "Asia/Shanghai", hour12: false };
    if (part === "time") { options.hour = "2-digit"; options.minute = "2-digit"; }
    else { options.year = "numeric"; options.month = "2-digit"; options.day = "2-digit"; }
    return new Intl.DateTimeFormat("en-CA", options).format(new Date(iso));
  }
  function fromApi(json) {
    return {
      hour_end: json.hour_end, aqi: json.aqi, level: json.level, category: json.category,
      color: json.color,
      primary: (json.primary || []).map(function (code) { return NAMES[code] || code; }).join(", "),
      time: local(json.hour_end, "time"), date: local(json.hour_end, "date")
    };
  }
  function show() {
    var last = load();
    if (!notice || !last) return;
    var text = script.dataset.notice
      .replace("{time}", last.time).replace("{date}", last.date)
      .replace("{aqi}", last.aqi === null ? "—" : last.aqi).replace("{category}", last.category || "");
    if (last.primary) text += "; " + script.dataset.primary.replace("{primary}", last.primary);
    notice.textContent = "";
    var swatch = document.createElement("span");
    swatch.className = "level-swatch";
    swatch.style.background = last.color || "#8a8a8a";
    notice.appendChild(swatch);
    notice.appendChild(document.createTextNode(" " + text));
    notice.hidden = false;
  }

  var page = document.getElementById("air-now-data");
  if (page) store(JSON.parse(page.textContent));
  if (!navigator.onLine) {
    show();
  } else if (notice && script.dataset.api) {
    fetch(script.dataset.api, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (json) { if (json && json.hour_end) store(fromApi(json)); })
      .catch(show);
  }
  window.addEventListener("offline", show);
  window.addEventListener("online", function () { if (notice) notice.hidden = true; });
})();

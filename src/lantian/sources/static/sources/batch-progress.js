/* The page of a batch imported in the background: poll its progress (JSON) every few
   seconds, move the <progress> bar and its text (in a role="status" region, so a screen
   reader hears it), and reload the page once the import is done or failed, to show the
   result. Without JavaScript the "Refresh" link does the same by hand. */
(function () {
  "use strict";
  var region = document.querySelector("[data-batch-progress]");
  if (!region || !window.fetch) { return; }
  var bar = region.querySelector("progress");
  var text = region.querySelector("[data-progress-text]");
  var label = region.querySelector("[data-progress-label]");
  var every = 2000;
  function poll() {
    fetch(region.getAttribute("data-batch-progress"), {
      credentials: "same-origin", headers: { Accept: "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (data) {
      if (data.state === "done" || data.state === "failed") {
        window.location.reload();
        return;
      }
      if (data.rows_total) {
        bar.max = data.rows_total;
        bar.value = data.rows_done;
      }
      if (text.textContent !== data.text) { text.textContent = data.text; }
      if (label) { label.textContent = data.label; }
      window.setTimeout(poll, every);
    }).catch(function () {
      every = Math.min(every * 2, 30000);  // the server is busy or away: ask less often
      window.setTimeout(poll, every);
    });
  }
  window.setTimeout(poll, every);
})();

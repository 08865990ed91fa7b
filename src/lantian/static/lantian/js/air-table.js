/* Sortable tables (progressive enhancement): each column header of a table marked
   data-sortable becomes a button; activating it sorts the rows by that column's
   data-sort values and updates aria-sort. Labels come from the table's data attributes. */
(function () {
  "use strict";

  function key(cell, numeric) {
    var raw = cell ? cell.getAttribute("data-sort") : null;
    if (raw === null) return numeric ? null : (cell ? cell.textContent.trim() : "");
    if (!numeric) return raw;
    var n = parseFloat(raw);
    return isNaN(n) ? null : n;
  }

  function compare(a, b, numeric, direction) {
    if (a === null && b === null) return 0;
    if (a === null) return 1; /* missing values last in both directions */
    if (b === null) return -1;
    var result = numeric ? a - b : String(a).localeCompare(String(b), document.documentElement.lang);
    return direction === "ascending" ? result : -result;
  }

  function enhance(table) {
    var headers = table.tHead.rows[0].cells;
    var body = table.tBodies[0];
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) button.appendChild(th.firstChild);
      var hint = document.createElement("span");
      hint.className = "sort-indicator";
      hint.setAttribute("aria-hidden", "true");
      button.appendChild(hint);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var numeric = th.hasAttribute("data-numeric");
        var direction = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          return compare(key(r1.cells[index], numeric), key(r2.cells[index], numeric), numeric, direction);
        });
        rows.forEach(function (row) { body.appendChild(row); });
        Array.prototype.forEach.call(headers, function (other) {
          other.removeAttribute("aria-sort");
        });
        th.setAttribute("aria-sort", direction);
        var status = table.parentNode.parentNode.querySelector(".sort-status");
        if (status) {
          status.textContent = button.textContent.trim() + ": " + table.getAttribute(
            direction === "ascending" ? "data-sorted-asc" : "data-sorted-desc");
        }
      });
    });
    var status = document.createElement("p");
    status.className = "sort-status visually-hidden";
    status.setAttribute("role", "status");
    table.parentNode.parentNode.insertBefore(status, table.parentNode.nextSibling);
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

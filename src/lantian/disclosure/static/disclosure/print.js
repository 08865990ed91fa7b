// The item page's "Print this page" button: shown only where the browser can print.
(function () {
    "use strict";
    var button = document.getElementById("print-item");
    if (!button || !window.print) return;
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
})();

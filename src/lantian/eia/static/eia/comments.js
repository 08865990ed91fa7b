// EIA comments: after a refused comment, take the reader to the list of problems.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
})();

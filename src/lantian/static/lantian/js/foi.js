// Disclosure on application: progressive enhancements only; every page works without them.
(function () {
  "use strict";
  // Organisation fields only when an organisation applies.
  var form = document.querySelector(".foi-form");
  var orgFields = document.querySelector("[data-organisation-fields]");
  if (form && orgFields) {
    var update = function () {
      var checked = form.querySelector('input[name="applicant_type"]:checked');
      orgFields.hidden = !checked || checked.value === "natural_person";
    };
    form.addEventListener("change", function (event) {
      if (event.target.name === "applicant_type") update();
    });
    // Keep them visible when they carry an error, whatever is chosen.
    if (!orgFields.querySelector(".form-field--error")) update();
  }
  // The print button.
  var print = document.querySelector("[data-print]");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
  // After a refused submission, take the reader to the list of problems.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
})();

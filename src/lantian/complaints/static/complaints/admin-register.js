// Staff registration of a complaint: only the chosen category's extra questions are
// shown (a group with an error stays in view). Without this script every group shows.
(function () {
  "use strict";
  var form = document.querySelector("[data-registration-form]");
  var select = form && form.querySelector('select[name="category"]');
  if (!select) return;
  var groups = form.querySelectorAll("[data-attributes-for]");
  var show = function () {
    groups.forEach(function (group) {
      var keep = group.querySelector(".w-field--error");
      group.hidden = !keep && group.getAttribute("data-attributes-for") !== select.value;
    });
  };
  select.addEventListener("change", show);
  show();
})();

// Public interaction: progressive enhancements only; every page works without them.
(function () {
  "use strict";
  var form = document.querySelector("[data-complaint-form]");

  // Only the chosen category's extra questions.
  if (form) {
    var groups = form.querySelectorAll("[data-attributes-for]");
    var chosenCode = function () {
      var checked = form.querySelector('input[name="category"]:checked');
      return checked ? checked.value : null;
    };
    var showGroups = function () {
      var code = chosenCode();
      groups.forEach(function (group) {
        var keep = group.querySelector(".form-field--error");
        group.hidden = !keep && group.getAttribute("data-attributes-for") !== code;
      });
    };
    form.addEventListener("change", function (event) {
      if (event.target.name === "category") showGroups();
    });
    showGroups();

    // Contact fields only when not anonymous.
    var anonymous = form.querySelector('input[name="anonymous"]');
    var contact = form.querySelector("[data-contact-fields]");
    if (anonymous && contact) {
      var updateContact = function () {
        contact.hidden = anonymous.checked && !contact.querySelector(".form-field--error");
      };
      anonymous.addEventListener("change", updateContact);
      updateContact();
    }
  }

  // The location map: click or tap a point; latitude, longitude and district follow.
  var figure = document.querySelector("[data-location-map]");
  if (figure && form) {
    var svg = figure.querySelector("svg");
    var pin = figure.querySelector("[data-pin]");
    var status = figure.querySelector("[data-map-status]");
    var lat = form.querySelector('input[name="latitude"]');
    var lon = form.querySelector('input[name="longitude"]');
    var district = form.querySelector('select[name="district"]');
    var zoom = parseFloat(figure.dataset.zoom);
    var left = parseFloat(figure.dataset.left);
    var top = parseFloat(figure.dataset.top);
    var scale = 256 * Math.pow(2, zoom);
    var box = svg.viewBox.baseVal;
    figure.hidden = false;

    var toLatLon = function (x, y) {
      var wx = left + x, wy = top + y;
      var longitude = wx / scale * 360 - 180;
      var latitude = Math.atan(Math.sinh(Math.PI * (1 - 2 * wy / scale))) * 180 / Math.PI;
      return [latitude, longitude];
    };
    var toXY = function (latitude, longitude) {
      var s = Math.sin(latitude * Math.PI / 180);
      var wx = (longitude + 180) / 360 * scale;
      var wy = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * scale;
      return [wx - left, wy - top];
    };
    var placePin = function (x, y) {
      var inside = x >= 0 && y >= 0 && x <= box.width && y <= box.height;
      pin.classList.toggle("location-map__pin--off", !inside); // SVG has no hidden attribute
      if (inside) pin.setAttribute("transform", "translate(" + x.toFixed(1) + " " + y.toFixed(1) + ")");
      return inside;
    };
    var districtAt = function (x, y) {
      var point = svg.createSVGPoint();
      point.x = x; point.y = y;
      var paths = svg.querySelectorAll("[data-district]");
      for (var i = 0; i < paths.length; i++) {
        if (paths[i].isPointInFill && paths[i].isPointInFill(point)) return paths[i];
      }
      return null;
    };
    svg.addEventListener("click", function (event) {
      var matrix = svg.getScreenCTM();
      if (!matrix) return;
      var point = svg.createSVGPoint();
      point.x = event.clientX; point.y = event.clientY;
      var local = point.matrixTransform(matrix.inverse());
      var coords = toLatLon(local.x, local.y);
      lat.value = coords[0].toFixed(6);
      lon.value = coords[1].toFixed(6);
      placePin(local.x, local.y);
      var found = districtAt(local.x, local.y);
      var name = "";
      if (found && district && found.dataset.district) {
        district.value = found.dataset.district;
        name = district.options[district.selectedIndex] ? district.options[district.selectedIndex].text : "";
      }
      status.textContent = (figure.dataset.setText || "") + " " + lat.value + ", " + lon.value + (name ? " (" + name + ")" : "");
    });
    var fromFields = function () {
      var a = parseFloat(lat.value), b = parseFloat(lon.value);
      if (isNaN(a) || isNaN(b)) { pin.classList.add("location-map__pin--off"); return; }
      var xy = toXY(a, b);
      placePin(xy[0], xy[1]);
    };
    lat.addEventListener("change", fromFields);
    lon.addEventListener("change", fromFields);
    fromFields();
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

/* KLOCKET safety walks: "Use my position" fills in latitude and longitude from the phone.
 * The button stays hidden without JavaScript or geolocation; the place in words is always asked for. */
(function () {
  "use strict";
  if (!("geolocation" in navigator)) {
    return;
  }
  document.querySelectorAll("[data-use-position]").forEach(function (button) {
    var status = button.parentElement.querySelector("[data-position-status]");
    var latitude = document.getElementById(button.dataset.latitude);
    var longitude = document.getElementById(button.dataset.longitude);
    if (!latitude || !longitude) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      if (status) {
        status.textContent = button.dataset.working;
      }
      navigator.geolocation.getCurrentPosition(
        function (position) {
          latitude.value = position.coords.latitude.toFixed(6);
          longitude.value = position.coords.longitude.toFixed(6);
          var details = latitude.closest("details");
          if (details) {
            details.open = true;
          }
          button.disabled = false;
          if (status) {
            status.textContent = button.dataset.done;
          }
        },
        function () {
          button.disabled = false;
          if (status) {
            status.textContent = button.dataset.failed;
          }
        },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    });
  });
})();

/* KLOCKET safety walks: draw the deficiencies listed on the page on a Leaflet map, once the visitor
 * presses "Show map": until then nothing is asked of the tile server (it would see their IP address).
 * The list on the page says the same in words; without JavaScript the map simply stays hidden. */
(function () {
  "use strict";
  var element = document.getElementById("deficiency-map");
  var data = document.getElementById("map-points");
  var intro = document.getElementById("deficiency-map-intro");
  var button = document.getElementById("deficiency-map-show");
  if (!element || !data || !intro || !button || typeof L === "undefined") {
    return;
  }
  var points;
  try {
    points = JSON.parse(data.textContent);
  } catch (error) {
    return;
  }
  if (!points.length) {
    return;
  }
  intro.hidden = false;
  button.addEventListener("click", function () {
    button.hidden = true;
    button.setAttribute("aria-expanded", "true");
    element.hidden = false;
    draw();
    element.focus();
  }, { once: true });

  function draw() {
    var map = L.map(element, { scrollWheelZoom: false });
    var tiles = element.dataset.tiles;
    if (tiles) {
      // The site sends no Referer to other hosts; the OpenStreetMap tile policy asks for one.
      L.tileLayer(tiles, {
        maxZoom: 19,
        attribution: element.dataset.attribution || "",
        referrerPolicy: "strict-origin-when-cross-origin"
      }).addTo(map);
    }
    var icon = L.icon({
      iconUrl: element.dataset.icon,
      iconRetinaUrl: element.dataset.icon2x,
      shadowUrl: element.dataset.shadow,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      shadowSize: [41, 41]
    });
    var bounds = [];
    points.forEach(function (point) {
      var label = point.category + ": " + point.place + " (" + point.status + ")";
      var marker = L.marker([point.lat, point.lng], { icon: icon, alt: label, title: label, keyboard: true });
      var popup = document.createElement("div");
      var title = document.createElement("strong");
      title.textContent = point.category + ": " + point.place;
      var status = document.createElement("p");
      status.textContent = point.status;
      var link = document.createElement("a");
      link.href = point.url;
      link.textContent = element.dataset.openLabel || "Open";
      popup.appendChild(title);
      popup.appendChild(status);
      popup.appendChild(link);
      marker.bindPopup(popup);
      marker.addTo(map);
      bounds.push([point.lat, point.lng]);
    });
    if (bounds.length === 1) {
      map.setView(bounds[0], 17);
    } else {
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 17 });
    }
  }
})();

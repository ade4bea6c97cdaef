// The map page: every layer comes from Sarhad's own API; there is no tile server.
(function () {
  "use strict";
  const el = document.getElementById("map");
  const filters = el.dataset.filters ? "?" + el.dataset.filters : "";
  const days = el.dataset.days || "365";
  const map = L.map(el, { zoomSnap: 0.25, keyboard: true, attributionControl: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth (public domain)");

  const getJSON = (url) => fetch(url).then((r) => {
    if (!r.ok) { throw new Error(url + ": " + r.status); }
    return r.json();
  });
  const escape = (s) => String(s == null ? "" : s).replace(/[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  const ACRONYMS = { ied: "IED" };
  const words = (s) => ACRONYMS[s] || String(s || "").replace(/_/g, " ");

  // Fill only: the corridors' outlines would clutter the line they surround.
  function shade(count, max) {
    if (!count) { return { stroke: false, fillOpacity: 0.08, fillColor: "#8a6d3b" }; }
    return { stroke: false, fillOpacity: 0.3 + 0.5 * count / max, fillColor: "#e6550d" };
  }

  function sectorLayer(data) {
    const max = Math.max(1, ...data.features.map((f) => f.properties.incidents));
    return L.geoJSON(data, {
      style: (f) => shade(f.properties.incidents, max),
      onEachFeature: (f, layer) => {
        layer.bindTooltip(
          "Sector " + f.properties.id + ": " + f.properties.incidents + " incident(s) in the window");
        // Hover detail for the mouse only: the list below the map says the same in text, and 33
        // focusable shapes would stand between keyboard users and the incident markers.
        layer.on("add", () => { layer.getElement().setAttribute("tabindex", "-1"); });
      },
    });
  }

  function markerSize(casualties) {
    return Math.min(44, 14 + 5 * Math.sqrt(casualties || 0));
  }

  function incidentMarker(f) {
    const p = f.properties;
    const size = markerSize(p.casualties);
    const label = words(p.type) + (p.place ? ", " + p.place : "") + (p.date ? ", " + p.date : "") +
      (p.killed != null ? ", " + p.killed + " killed" : "") + " (" + p.sources + " source(s))";
    const marker = L.marker([f.geometry.coordinates[1], f.geometry.coordinates[0]], {
      icon: L.divIcon({
        className: "incident-marker" + (p.sources > 1 ? " corroborated" : ""),
        iconSize: [size, size],
      }),
      title: label, alt: label, keyboard: true, riseOnHover: true,
    });
    const killed = p.killed_range[0] == null ? "" : (p.killed_range[0] === p.killed_range[1]
      ? p.killed_range[0] : p.killed_range[0] + "–" + p.killed_range[1]) + " killed<br>";
    marker.bindPopup("<strong>" + escape(words(p.type)) + "</strong><br>" + escape(p.place || "") +
      " " + escape(p.date || "") + "<br>" + killed + escape(p.sources) + " source(s), " +
      escape(p.corroboration) + "<br><a href=\"" + escape(p.url) + "\">Open the incident</a>");
    marker.on("add", () => {
      const icon = marker.getElement();
      icon.setAttribute("aria-label", label);
      icon.dataset.incident = p.id;
    });
    return marker;
  }

  function crossingMarker(c) {
    const label = "Crossing point " + c.name + ", " + c.status;
    return L.marker([c.lat, c.lon], {
      icon: L.divIcon({ className: "crossing-marker", iconSize: [12, 12] }),
      title: label, alt: label, keyboard: true,
    }).bindPopup("<strong>" + escape(c.name) + "</strong><br>status: " + escape(c.status));
  }

  // A popup opened from the keyboard should take the focus, so Tab reaches its link next.
  map.on("popupopen", (e) => {
    const active = document.activeElement;
    if (active && active.classList.contains("leaflet-marker-icon")) {
      const link = e.popup.getElement().querySelector("a[href^='/incidents/']");
      if (link) { link.focus(); }
    }
  });

  Promise.all([
    getJSON("/api/basemap.geojson"),
    getJSON("/api/sectors.geojson?days=" + encodeURIComponent(days)),
    getJSON("/api/border.geojson"),
    getJSON("/api/crossings"),
    getJSON("/api/incidents.geojson" + filters),
  ]).then(([land, sectors, border, crossings, incidents]) => {
    L.geoJSON(land, {
      interactive: false,
      style: (f) => ({
        color: "#6b6b6b", weight: 0.8,
        fillColor: f.properties.party ? "#f7f1e3" : "#e2e2dc", fillOpacity: 1,
      }),
    }).addTo(map);
    sectorLayer(sectors).addTo(map);
    L.geoJSON(border, { style: { color: "#8a1020", weight: 4, className: "border-line" },
      interactive: false }).addTo(map);
    crossings.forEach((c) => crossingMarker(c).addTo(map));
    incidents.features.forEach((f) => incidentMarker(f).addTo(map));
    // Open on the border itself, with enough of both countries around it to read the region.
    map.fitBounds(L.geoJSON(border).getBounds().pad(0.35));
    const hash = window.location.hash.replace("#incident-", "");
    map.eachLayer((layer) => {
      if (hash && layer.getElement && layer.getElement() &&
          layer.getElement().dataset.incident === hash) { layer.openPopup(); }
    });
    el.dataset.ready = "true";
    el.dataset.incidents = String(incidents.features.length);
  }).catch((err) => {
    el.dataset.ready = "error";
    el.insertAdjacentHTML("beforebegin",
      "<p class=\"error\" role=\"alert\">The map could not load: " + escape(err.message) + "</p>");
  });
}());

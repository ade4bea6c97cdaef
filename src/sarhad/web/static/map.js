// The map page: every layer comes from Sarhad's own API; there is no tile server.
(function () {
  "use strict";
  const el = document.getElementById("map");
  const filters = el.dataset.filters ? "?" + el.dataset.filters : "";
  const days = el.dataset.days || "365";
  const map = L.map(el, { zoomSnap: 0.25, keyboard: true, attributionControl: true });
  window.sarhadMap = map;  // for tests and the browser console
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
      (p.killed != null ? ", " + p.killed + " killed" : "") + " (" + p.sources + " source(s))" +
      (p.recalled ? ", recalled history" : "");
    const marker = L.marker([f.geometry.coordinates[1], f.geometry.coordinates[0]], {
      icon: L.divIcon({
        className: "incident-marker" + (p.sources > 1 ? " corroborated" : "") + (p.recalled ? " recalled" : ""),
        iconSize: [size, size],
      }),
      title: label, alt: label, keyboard: true, riseOnHover: true,
    });
    marker.bindPopup("<strong>" + escape(words(p.type)) + "</strong><br>" + escape(p.summary || "") +
      "<br>" + escape(p.sources) + " source(s), " +
      escape(p.corroboration) + (p.recalled ? "<br><em>recalled history, not news</em>" : "") +
      "<br><a href=\"" + escape(p.url) + "\">Open the incident</a>");
    marker.on("add", () => {
      const icon = marker.getElement();
      icon.setAttribute("aria-label", label);
      icon.dataset.incident = p.id;
    });
    return marker;
  }

  // Known only to a province or country (ACLED geo precision 3): drawn as an area around the centre the
  // gazetteer gives, never as a point that would claim a place. The list below the map names it.
  const AREA_RADIUS_M = 80000;
  function incidentArea(f) {
    const p = f.properties;
    const where = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
    return L.circle(where, { radius: AREA_RADIUS_M, className: "incident-area", weight: 1, dashArray: "4 4" })
      .bindPopup("<strong>" + escape(words(p.type)) + "</strong> somewhere in " + escape(p.place || "the area") +
        "<br>" + escape(p.summary || p.date || "") + "<br>" + escape(p.sources) + " source(s)" +
        "<br><a href=\"" + escape(p.url) + "\">Open the incident</a>");
  }

  // More incidents in view than can be drawn one by one: the server groups them by grid cell, and a
  // cluster zooms in when chosen.
  function clusterMarker(f) {
    const p = f.properties;
    const size = Math.min(54, 22 + 4 * Math.log2(p.count));
    const label = p.count + " incidents" + (p.date_from ? ", " + p.date_from + " to " + p.date_to : "") +
      ", " + p.killed + " killed; choose to zoom in";
    const where = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
    const marker = L.marker(where, {
      icon: L.divIcon({ className: "cluster-marker", iconSize: [size, size], html: String(p.count) }),
      title: label, alt: label, keyboard: true,
    });
    const [west, south, east, north] = p.bounds;
    marker.on("click", () => {
      if (west === east && south === north) { map.setView(where, 14); } else {
        map.fitBounds([[south, west], [north, east]], { padding: [20, 20] });
      }
    });
    marker.on("add", () => { marker.getElement().setAttribute("aria-label", label); });
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

  // Only what is in view is fetched, again after every move; a late answer for an old view is dropped.
  const incidentLayer = L.layerGroup().addTo(map);
  let asked = 0;
  function viewURL() {
    const b = map.getBounds();
    const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
    // A view across the antimeridian asks for the whole band of latitudes rather than miss one side.
    const wraps = b.getWest() < -180 || b.getEast() > 180;
    const box = [wraps ? -180 : b.getWest(), clamp(b.getSouth(), -90, 90),
      wraps ? 180 : b.getEast(), clamp(b.getNorth(), -90, 90)].map((v) => v.toFixed(4));
    const zoom = Math.max(0, Math.min(19, Math.round(map.getZoom())));
    return "/api/map/incidents.geojson?" + (filters ? filters.slice(1) + "&" : "") +
      "bbox=" + box.join(",") + "&zoom=" + zoom;
  }
  function loadIncidents() {
    const ticket = ++asked;
    return getJSON(viewURL()).then((data) => {
      if (ticket !== asked) { return data; }
      incidentLayer.clearLayers();
      data.features.forEach((f) => {
        const p = f.properties;
        const shape = p.cluster ? clusterMarker(f) : p.geo_precision === 3 ? incidentArea(f) : incidentMarker(f);
        incidentLayer.addLayer(shape);
      });
      el.dataset.incidents = String(data.total);
      el.dataset.clustered = String(data.clustered);
      return data;
    });
  }

  Promise.all([
    getJSON("/api/basemap.geojson"),
    getJSON("/api/sectors.geojson?days=" + encodeURIComponent(days)),
    getJSON("/api/border.geojson"),
    getJSON("/api/crossings"),
  ]).then(([land, sectors, border, crossings]) => {
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
    // Open on the border itself, with enough of both countries around it to read the region.
    map.fitBounds(L.geoJSON(border).getBounds().pad(0.35));
    return loadIncidents();
  }).then(() => {
    const hash = window.location.hash.replace("#incident-", "");
    incidentLayer.eachLayer((layer) => {
      if (hash && layer.getElement && layer.getElement() &&
          layer.getElement().dataset.incident === hash) { layer.openPopup(); }
    });
    map.on("moveend", () => { loadIncidents().catch(() => {}); });
    el.dataset.ready = "true";
  }).catch((err) => {
    el.dataset.ready = "error";
    el.insertAdjacentHTML("beforebegin",
      "<p class=\"error\" role=\"alert\">The map could not load: " + escape(err.message) + "</p>");
  });
}());

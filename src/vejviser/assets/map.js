// The map page: activities as a data-driven cluster layer over the folium map, filters
// in step with the list below it, and "Nær mig" sorting by distance in the browser.
// Everything is fetched from the site itself; only the map tiles come from elsewhere.

import { el, format } from "./dom.js";
import { load, readerDay, relativeDays } from "./meetings.js";

const PAGE_SIZE = 20;
const PIN_COLOURS = 10; // vv-pin--0 … vv-pin--9 in vejviser.css
const root = document.querySelector("[data-vv-map]");
if (root) start(root);
const mini = document.querySelector("[data-vv-minimap]");
if (mini) miniMap(mini);

// Leaflet for a page that did not load it: its style and script, from the site itself.
function loadLeaflet(siteRoot) {
  document.head.append(Object.assign(document.createElement("link"), {
    rel: "stylesheet", href: new URL("assets/vendor/leaflet/leaflet.css", siteRoot).href,
  }));
  return new Promise((resolve, reject) => {
    const script = Object.assign(document.createElement("script"), {
      src: new URL("assets/vendor/leaflet/leaflet.js", siteRoot).href, onload: resolve, onerror: reject,
    });
    document.head.append(script);
  });
}

// An activity page's small map of its venue. The address is in the text above it.
async function miniMap(box) {
  await loadLeaflet(new URL(box.dataset.vvRoot || "./", location.href));
  box.hidden = false;
  const point = [Number(box.dataset.lat), Number(box.dataset.lon)];
  const map = L.map(box, { scrollWheelZoom: false }).setView(point, 15);
  L.tileLayer(box.dataset.tiles, { attribution: box.dataset.attribution, maxZoom: Number(box.dataset.maxZoom) })
    .addTo(map);
  L.marker(point, { alt: box.getAttribute("aria-label"), keyboard: false }).addTo(map);
}

function distanceKm(a, b) {
  const rad = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

// When the background cannot load (offline, blocked), say so: the list still holds everything.
function watchTiles(map, failed) {
  let told = false;
  const check = () => {
    const tiles = [...map.getContainer().querySelectorAll("img.leaflet-tile")];
    const broken = tiles.filter((img) => img.complete && img.naturalWidth === 0).length;
    if (!told && broken >= Math.min(3, tiles.length) && broken > 0) {
      told = true;
      failed();
    }
  };
  map.eachLayer((layer) => {
    if (layer instanceof L.TileLayer) layer.on("tileerror", check);
  });
  check(); // tiles may have failed before this script ran
}

// A Leaflet div icon filled with elements, never with HTML text: its words come from the
// settings (category labels) and must stay words. `content` makes new elements for each
// marker, as one element given to several markers would move from one to the next.
let TextIcon = null;
function textIcon(options, content) {
  TextIcon ||= L.DivIcon.extend({
    createIcon(oldIcon) {
      const div = L.DivIcon.prototype.createIcon.call(this, oldIcon); // with `html: false`, empty
      div.replaceChildren(...this.options.content());
      return div;
    },
  });
  return new TextIcon({ ...options, html: false, content });
}

function has(mask, bit) {
  return Math.floor(mask / 2 ** bit) % 2 === 1;
}

// "I dag", "I morgen", "Denne uge" among the filters, from the published meetings for the reader's
// own day, kept in the URL (?naar=i-dag). Not offered when the meetings do not reach the day.
async function whenFilter(root, filterBox, count, texts, say, changed) {
  const meetings = await load(root.dataset.vvMeetings);
  const day = readerDay();
  // the meetings of the same build as the map's pins (not a cached copy of another day's)
  const facet = meetings && meetings.data.map.length === count && meetings.data.when;
  const asked = facet ? new URLSearchParams(location.search).getAll(facet.key) : [];
  const named = facet ? relativeDays(facet.values, day) : {};
  const usable = facet ? facet.values.filter(([value]) => named[value].every((d) => meetings.covers(d))) : [];
  if (!usable.length) {
    if (asked.length) say(texts["map.days_unavailable"]);
    return null;
  }
  // the map's rows as rows of the meetings (steps from the one before; 0: its days are not known)
  const rows = [];
  let row = -1;
  for (const step of meetings.data.map) {
    row = step ? row + step : row;
    rows.push(step ? row : -1);
  }
  const chosen = new Set(asked.filter((value) => usable.some(([v]) => v === value)));
  const fieldset = el("fieldset", {}, [el("legend", { text: facet.label })]);
  const choices = el("ul", { class: "vv-map__choices" });
  usable.forEach(([value, label], index) => {
    const id = `vv-m-${facet.key}-${index}`;
    const box = el("input", { type: "checkbox", id, value, checked: chosen.has(value) });
    box.addEventListener("change", () => {
      if (box.checked) chosen.add(value); else chosen.delete(value);
      const params = new URLSearchParams(location.search);
      params.delete(facet.key);
      for (const v of chosen) params.append(facet.key, v);
      const query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? `?${query}` : "") + location.hash);
      changed();
    });
    choices.append(el("li", {}, [box, el("label", { for: id, text: label })]));
  });
  fieldset.append(choices);
  filterBox.querySelector("summary").after(fieldset);
  if (chosen.size) filterBox.open = true;
  return {
    active: () => chosen.size > 0,
    matches(index) {
      if (!chosen.size) return true;
      const found = rows[index];
      return found >= 0 && [...chosen].some((value) => named[value].some((d) => meetings.startOn(found, d) !== null));
    },
  };
}

async function start(root) {
  const texts = JSON.parse(document.getElementById("vv-map-texts").textContent);
  const siteRoot = new URL(root.dataset.vvRoot || "./", location.href);
  const map = window[root.dataset.vvMapName];
  L.control.scale({ imperial: false }).addTo(map); // metres and kilometres only
  const status = root.querySelector("[data-vv-map-status]");
  const alert = root.querySelector("[data-vv-map-alert]");
  const list = root.querySelector("[data-vv-map-list]");
  const more = root.querySelector("[data-vv-map-more]");
  const near = root.querySelector("[data-vv-near]");
  const filterBox = root.querySelector("[data-vv-map-filters]");
  const say = (message) => {
    alert.textContent = message;
    alert.hidden = !message;
  };
  watchTiles(map, () => { root.querySelector("[data-vv-map-tiles]").hidden = false; });
  const data = await (await fetch(new URL(root.dataset.vvMapData, siteRoot))).json();
  const [south, west] = data.origin;
  const items = data.rows.map(([y, x, categories, days, answers], index) => ({
    index, lat: south + y / data.scale, lon: west + x / data.scale, kategori: categories, ugedag: days,
    barriere: answers,
  }));
  const chunks = new Map();
  function words(index) {
    const number = Math.floor(index / data.chunk);
    if (!chunks.has(number)) {
      const address = new URL(root.dataset.vvMapDetails.replace("{number}", number), siteRoot);
      chunks.set(number, fetch(address).then((r) => r.json()));
    }
    return chunks.get(number).then((rows) => rows[index % data.chunk]);
  }

  // --- the cluster layer ---------------------------------------------------------------
  const cluster = L.markerClusterGroup({
    chunkedLoading: true,
    showCoverageOnHover: false,
    iconCreateFunction(group) {
      const count = group.getChildCount();
      const size = count < 10 ? "small" : count < 100 ? "medium" : "large";
      return textIcon({ className: `marker-cluster marker-cluster-${size}`, iconSize: L.point(40, 40) }, () => [
        el("div", {}, [
          el("span", { "aria-hidden": "true", text: String(count) }),
          el("span", { class: "vv-sr", text: format(texts["map.cluster"], { count }) }),
        ]),
      ]);
    },
  });
  // A pin is coloured by the activity's first category; its name says the category in words.
  const categories = data.filters.kategori;
  const said = (text) => () => [el("span", { class: "vv-sr", text })];
  const icons = categories.map(([, label], index) => textIcon({
    className: `vv-pin vv-pin--${index % PIN_COLOURS}`,
    iconSize: [26, 26],
    iconAnchor: [13, 13],
    popupAnchor: [0, -12],
  }, said(format(texts["map.pin_named"], { category: label }))));
  const plain = textIcon({ className: "vv-pin", iconSize: [26, 26] }, said(texts["map.pin"]));
  const firstCategory = (mask) => categories.findIndex((_, bit) => has(mask, bit));
  const markers = items.map((item) => {
    const icon = icons[firstCategory(item.kategori)] || plain;
    const marker = L.marker([item.lat, item.lon], { icon, keyboard: true });
    marker.bindPopup(() => {
      const box = el("div", { class: "vv-popup" }, [el("p", { text: "…" })]);
      words(item.index).then(([title, url, when, where, next, id]) => {
        marker.getElement()?.setAttribute("aria-label", title);
        const link = el("a", { href: new URL(url, siteRoot).pathname, text: texts["map.open"] });
        box.replaceChildren(
          el("h3", { class: "vv-popup__title", text: title }),
          el("p", { text: when }),
          ...(next ? [el("p", { class: "vv-next", "data-vv-next": id, text: next })] : []),
          el("p", { text: where }),
          el("p", {}, [link]),
        );
        // Leaflet sized the box for the "…" it opened with: given again as its content (no longer the
        // function that fetches it), it is laid out for its words, and kept for the next time it opens
        marker.getPopup()?.setContent(box);
        if (marker.isPopupOpen()) link.focus(); // the box is read out and its link reached at once
      });
      return box;
    });
    return marker;
  });
  map.addLayer(cluster);

  // Esc closes an open box and takes the reader back to its pin (Leaflet does so only
  // when the map itself has focus).
  let opened = null; // the marker whose box is open
  map.on("popupclose", () => { opened = null; });
  for (const marker of markers) marker.on("popupopen", () => { opened = marker; });
  root.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && opened) {
      const marker = opened;
      map.closePopup();
      marker.getElement()?.focus();
    }
  });

  // --- filters, origin and the list --------------------------------------------------------
  const chosen = { kategori: new Set(), ugedag: new Set(), barriere: new Set() };
  let origin = null; // {lat, lon, name}
  let shown = [];
  let when = null; // the filter of days from today, once the meetings are there (not waited for)
  whenFilter(root, filterBox, items.length, texts, say, () => update()).then((filter) => {
    when = filter;
    if (when && when.active()) update();
  });

  function matches(item) {
    for (const key of ["kategori", "ugedag"]) {
      if (chosen[key].size && ![...chosen[key]].some((bit) => has(item[key], bit))) return false;
    }
    if (when && !when.matches(item.index)) return false;
    return [...chosen.barriere].every((bit) => has(item.barriere, bit));
  }

  function update() {
    shown = items.filter(matches);
    if (origin) {
      for (const item of shown) item.km = distanceKm(origin, item);
      shown.sort((a, b) => a.km - b.km);
    }
    cluster.clearLayers();
    cluster.addLayers(shown.map((item) => markers[item.index]));
    let text = format(texts["map.status"], { shown: shown.length, total: items.length });
    if (origin) text += " " + format(texts["map.sorted"], { place: origin.name });
    status.textContent = text;
    list.replaceChildren();
    drawing++;
    showMore();
  }

  let drawing = 0; // the list being drawn: rows that arrive for an older one are dropped
  async function showMore() {
    const ticket = drawing;
    const next = shown.slice(list.children.length, list.children.length + PAGE_SIZE);
    const rows = await Promise.all(next.map((item) => words(item.index)));
    if (ticket !== drawing) return;
    next.forEach((item, i) => {
      const [title, url, when, where, nextMeeting, id] = rows[i];
      const distance = origin ? format(texts["map.km"], { km: item.km.toLocaleString("da-DK", { maximumFractionDigits: 1, minimumFractionDigits: 1 }) }) : "";
      list.append(el("li", { class: "vv-card" }, [
        el("h3", { class: "vv-card__title" }, [el("a", { href: new URL(url, siteRoot).pathname, text: title })]),
        el("p", { class: "vv-card__when", text: when }),
        ...(nextMeeting ? [el("p", { class: "vv-next", "data-vv-next": id, text: nextMeeting })] : []),
        el("p", { class: "vv-card__where", text: distance ? `${where} · ${distance}` : where }),
      ]));
    });
    more.hidden = list.children.length >= shown.length;
  }

  // Where distances are measured from, drawn as a ring (the status line says it in words).
  let originMark = null;
  function setOrigin(place) {
    origin = place;
    say("");
    originMark?.remove();
    originMark = place
      ? L.circleMarker([place.lat, place.lon], { radius: 12, weight: 4, color: "#000", fillOpacity: 0, className: "vv-origin", interactive: false }).addTo(map)
      : null;
    update();
    if (place && shown.length) {
      const nearest = shown.slice(0, 10).map((item) => [item.lat, item.lon]);
      map.fitBounds(L.latLngBounds([[place.lat, place.lon], ...nearest]), { padding: [30, 30], maxZoom: 15 });
    }
  }

  near.addEventListener("submit", (event) => {
    event.preventDefault();
    const code = near.elements.postnummer.value.trim();
    const areaId = near.elements.omraade.value;
    if (code) {
      const found = data.postcodes.find((p) => p.id === code);
      if (!found) {
        say(format(texts["map.unknown_postcode"], { postcode: code, known: data.postcodes.map((p) => p.id).join(", ") }));
        return;
      }
      setOrigin({ lat: found.lat, lon: found.lon, name: found.name });
    } else if (areaId) {
      const area = data.areas.find((a) => a.id === areaId);
      if (area) setOrigin({ lat: area.lat, lon: area.lon, name: area.name });
    } else {
      setOrigin(null);
    }
  });
  root.querySelector("[data-vv-locate]").addEventListener("click", () => {
    if (!navigator.geolocation) {
      say(texts["map.locate_failed"]);
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (position) => setOrigin({ lat: position.coords.latitude, lon: position.coords.longitude, name: texts["map.here"] }),
      () => say(texts["map.locate_failed"]),
      { timeout: 10000 },
    );
  });
  for (const box of filterBox.querySelectorAll("[data-vv-filter]")) {
    box.addEventListener("change", () => {
      const set = chosen[box.dataset.vvFilter];
      if (box.checked) set.add(Number(box.value));
      else set.delete(Number(box.value));
      update();
    });
  }
  more.addEventListener("click", showMore);
  near.hidden = false;
  filterBox.hidden = false;
  update();
}

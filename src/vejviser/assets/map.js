// The map page: activities as a data-driven cluster layer over the folium map, with the search's
// filters and counts (one definition, present/facets.py; the same names in the URL, so a search's
// "Vis på kortet" opens the map with its filters and words), the list below in step with it, and
// "Nær mig" keeping the pins within a distance, nearest first, all worked out in the browser.
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

// --- the rows (site/mapdata.py packs them) -------------------------------------------------

const DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const BITS = 6;
// The URL's names of "Nær mig" (the form's field names): a typed postcode, a local area, the distance.
// The reader's own position is never among them: nothing about the citizen goes into an address.
const NEAR_KEYS = ["postnummer", "lokalomraade", "afstand"];

/** A row's fields: {y, x, and for each facet the numbers (indexes) of the values it has}. */
function unpack(fields, text) {
  const digits = Array.from(text, (c) => DIGITS.indexOf(c));
  let at = 0;
  const bit = () => {
    const on = (digits[Math.floor(at / BITS)] >> (at % BITS)) & 1;
    at++;
    return on;
  };
  const out = {};
  for (const [name, kind, width] of fields) {
    if (kind === "any") {
      out[name] = [];
      for (let i = 0; i < width; i++) if (bit()) out[name].push(i);
    } else {
      let number = 0;
      for (let i = 0; i < width; i++) number += bit() * 2 ** i;
      out[name] = kind === "one" ? (number ? [number - 1] : []) : number;
    }
  }
  return out;
}

/** The activity's id in a search result: the index document's meta ``id``, or the last part of its ``url``. */
function idOf(found) {
  const meta = found.meta || {};
  if (meta.id) return meta.id;
  const parts = (meta.url || found.url || "").split("/").filter(Boolean);
  try {
    return decodeURIComponent(parts[parts.length - 1] || "");
  } catch {
    return "";
  }
}

// The rows a free-text search from the front page finds: Pagefind on the site's own index, as the
// search does (with the search's reading of the words when assets/query.js offers it). A Set of row
// numbers; null when there is nothing to search for; undefined when the search cannot be had.
async function textRows(root, siteRoot, q, words) {
  try {
    const pagefind = await import(new URL(root.dataset.vvIndex, siteRoot).href);
    await pagefind.options({ baseUrl: siteRoot.pathname });
    let query = q;
    const filters = {};
    try {
      const { understand } = await import("./query.js");
      const understood = typeof understand === "function" ? understand(q, words) : null;
      if (understood) {
        query = understood.query;
        for (const [key, values] of Object.entries(understood.filters || {})) filters[key] = { any: values };
      }
    } catch {
      // the search's reading of the words is an extra: without it, the words go to Pagefind as typed
    }
    if (!query && !Object.keys(filters).length) return null;
    const search = await pagefind.search(query || null, { filters });
    if (!search) return null;
    const [found, ids] = await Promise.all([
      Promise.all(search.results.map((result) => result.data())),
      fetch(new URL(root.dataset.vvMapIds, siteRoot)).then((response) => response.json()),
    ]);
    const rowOf = new Map(ids.map((id, row) => [id, row]));
    return new Set(found.map(idOf).filter((id) => rowOf.has(id)).map((id) => rowOf.get(id)));
  } catch {
    return undefined;
  }
}

// "I dag", "I morgen", "Denne uge" from the published meetings for the reader's own day: for each
// map row the numbers of the days it meets on, and the values the meetings reach (the others are not
// offered). Null when the meetings are not there or are another build's.
async function dayValues(root, facets, count) {
  const meetings = await load(root.dataset.vvMeetings);
  if (!meetings || meetings.data.map.length !== count) return null;
  const facet = facets.find((f) => f.key === meetings.data.when.key);
  if (!facet) return null;
  const day = readerDay();
  const named = relativeDays(facet.values, day);
  const usable = new Set();
  facet.values.forEach(([value], index) => {
    if (named[value].every((d) => meetings.covers(d))) usable.add(index);
  });
  // the map's rows as rows of the meetings (steps from the one before; 0: its days are not known)
  const values = [];
  let row = -1;
  for (const step of meetings.data.map) {
    row = step ? row + step : row;
    const meets = [];
    if (step) {
      for (const index of usable) {
        if (named[facet.values[index][0]].some((d) => meetings.startOn(row, d) !== null)) meets.push(index);
      }
    }
    values.push(meets);
  }
  return { key: facet.key, usable, values };
}

async function start(root) {
  const page = JSON.parse(document.getElementById("vv-map-texts").textContent);
  const texts = page.texts;
  const facets = page.facets.map((f) => ({ ...f, index: new Map(f.values.map(([value], i) => [value, i])) }));
  const siteRoot = new URL(root.dataset.vvRoot || "./", location.href);
  const map = window[root.dataset.vvMapName];
  L.control.scale({ imperial: false }).addTo(map); // metres and kilometres only
  const status = root.querySelector("[data-vv-map-status]");
  const alert = root.querySelector("[data-vv-map-alert]");
  const list = root.querySelector("[data-vv-map-list]");
  const more = root.querySelector("[data-vv-map-more]");
  const near = root.querySelector("[data-vv-near]");
  const form = root.querySelector("[data-vv-map-form]");
  const panel = root.querySelector("[data-vv-map-filters]");
  const summary = root.querySelector("[data-vv-map-summary]");
  const chips = root.querySelector("[data-vv-map-chips]");
  const asList = root.querySelector("[data-vv-map-aslist]");
  const distance = near.elements.afstand;
  const say = (message) => {
    alert.textContent = message;
    alert.hidden = !message;
  };
  watchTiles(map, () => { root.querySelector("[data-vv-map-tiles]").hidden = false; });
  const data = await (await fetch(new URL(root.dataset.vvMapData, siteRoot))).json();
  const [south, west] = data.origin;
  const items = data.rows.map((packed, index) => {
    const values = unpack(data.fields, packed);
    return { index, lat: south + values.y / data.scale, lon: west + values.x / data.scale, values };
  });
  const chunks = new Map();
  function words(index) {
    const number = Math.floor(index / data.chunk);
    if (!chunks.has(number)) {
      const address = new URL(root.dataset.vvMapDetails.replace("{number}", number), siteRoot);
      chunks.set(number, fetch(address).then((r) => r.json()));
    }
    return chunks.get(number).then((rows) => rows[index % data.chunk]);
  }

  // "Gem på listen" in each box and list row, when the list's script is there (the map works without it)
  let saveButton = null;
  const saveWhere = new WeakMap(); // a list row or box -> [id, title]
  function addSave(box) {
    const what = saveWhere.get(box);
    if (!saveButton || !what || box.querySelector("[data-vv-map-save]")) return;
    try {
      const button = saveButton(...what);
      if (button instanceof Node) box.append(el("p", { class: "vv-map__save", "data-vv-map-save": true }, [button]));
    } catch {
      // a list that cannot be saved to leaves the map as it is
    }
  }
  import("./shortlist.js").then((module) => {
    if (typeof module.saveButton !== "function") return;
    saveButton = module.saveButton;
    for (const row of list.children) addSave(row);
  }).catch(() => {});

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
  const categories = facets.find((f) => f.key === "kategori")?.values || [];
  const said = (text) => () => [el("span", { class: "vv-sr", text })];
  const icons = categories.map(([, label], index) => textIcon({
    className: `vv-pin vv-pin--${index % PIN_COLOURS}`,
    iconSize: [26, 26],
    iconAnchor: [13, 13],
    popupAnchor: [0, -12],
  }, said(format(texts["map.pin_named"], { category: label }))));
  const plain = textIcon({ className: "vv-pin", iconSize: [26, 26] }, said(texts["map.pin"]));
  const firstCategory = (item) => (item.values.kategori?.length ? item.values.kategori[0] : -1);
  const markers = items.map((item) => {
    const icon = icons[firstCategory(item)] || plain;
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
        saveWhere.set(box, [id, title]);
        addSave(box);
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

  // --- the state: the search's filters and words, and "Nær mig", all in the URL ---------------
  const params = new URLSearchParams(location.search);
  const chosen = new Map(facets.map((f) => [f.key, new Set(params.getAll(f.key).filter((v) => f.index.has(v))
    .map((v) => f.index.get(v)))]));
  let q = (params.get("q") || "").trim();
  let found = null; // the rows the words find (null: no words, or they cannot be searched)
  let unsearchable = false;
  let days = null; // the days from the reader's day, once the meetings are there
  let origin = null; // {lat, lon, name, postcode?, area?}: where distances are measured from
  let shown = [];

  function valuesOf(item, key) {
    return (days && key === days.key ? days.values[item.index] : item.values[key]) || [];
  }

  // The boxes of each facet, and where their counts go.
  const boxes = facets.map((facet) => ({
    facet,
    fieldset: form.querySelector(`fieldset[data-vv-facet="${CSS.escape(facet.key)}"]`),
    inputs: facet.values.map((_, i) => document.getElementById(`vv-m-${facet.key}-${i}`)),
  })).filter((entry) => entry.fieldset);
  const carried = new Set(data.fields.filter(([, kind]) => kind !== "number").map(([name]) => name));
  const known = (facet) => (days && facet.key === days.key) || carried.has(facet.key);

  function writeURL() {
    const out = new URLSearchParams();
    if (q) out.set("q", q);
    for (const facet of facets) {
      for (const index of [...chosen.get(facet.key)].sort((a, b) => a - b)) out.append(facet.key, facet.values[index][0]);
    }
    const search = out.toString(); // the same search on the front page, as a list
    asList.href = new URL(search ? `?${search}` : "./", siteRoot).href;
    asList.hidden = !search;
    if (origin?.postcode) out.set(NEAR_KEYS[0], origin.postcode);
    if (origin?.area) out.set(NEAR_KEYS[1], origin.area);
    if (distance.value) out.set(NEAR_KEYS[2], distance.value);
    const query = out.toString();
    history.replaceState(null, "", location.pathname + (query ? `?${query}` : "") + location.hash);
  }

  // Values of one facet combine with "or", facets with "and"; a facet's counts are as if its own choice
  // were not made (as the search counts, search.js). Words and distance hold for every count.
  function compute() {
    const active = facets.filter((f) => chosen.get(f.key).size && known(f));
    const reach = origin ? Number(distance.value) || 0 : 0;
    const counts = new Map(facets.map((f) => [f.key, new Array(f.values.length).fill(0)]));
    const passing = [];
    for (const item of items) {
      if (found && !found.has(item.index)) continue;
      if (reach && item.km > reach) continue;
      let failed = null;
      let misses = 0;
      for (const facet of active) {
        const wanted = chosen.get(facet.key);
        if (!valuesOf(item, facet.key).some((index) => wanted.has(index))) {
          failed = facet.key;
          if (++misses > 1) break;
        }
      }
      if (misses > 1) continue;
      if (misses === 0) passing.push(item);
      for (const facet of facets) {
        if (failed !== null && facet.key !== failed) continue;
        const row = counts.get(facet.key);
        for (const index of valuesOf(item, facet.key)) row[index]++;
      }
    }
    return { passing, counts };
  }

  function drawCounts(counts) {
    for (const { facet, fieldset, inputs } of boxes) {
      const row = counts.get(facet.key);
      let any = false;
      inputs.forEach((input, i) => {
        const offered = known(facet) && (!days || facet.key !== days.key || days.usable.has(i));
        input.checked = chosen.get(facet.key).has(i);
        const n = offered ? row[i] : 0;
        const keep = offered && (n > 0 || input.checked || document.activeElement === input);
        input.closest("li").hidden = !keep;
        input.labels[0].querySelector("[data-vv-count]").textContent = offered ? ` (${n})` : "";
        any ||= keep;
      });
      fieldset.hidden = !any;
    }
    for (const group of form.querySelectorAll("details[data-group]")) {
      group.hidden = !group.querySelector("fieldset:not([hidden])");
    }
    const count = [...chosen.values()].reduce((sum, set) => sum + set.size, 0);
    summary.textContent = count ? format(texts["map.filters_count"], { count }) : texts["map.filters"];
  }

  function drawChips() {
    const entries = [];
    if (q) entries.push([format(texts["map.query"], { q }), () => { q = ""; found = null; unsearchable = false; }]);
    for (const facet of facets) {
      for (const index of chosen.get(facet.key)) {
        entries.push([`${facet.label}: ${facet.values[index][1]}`, () => chosen.get(facet.key).delete(index)]);
      }
    }
    const buttons = entries.map(([label, remove], n) => {
      const button = el("button", { type: "button", class: "vv-map__chip", "aria-label": format(texts["map.remove"], { label }) }, [
        document.createTextNode(label), el("span", { "aria-hidden": "true", text: " ✕" }),
      ]);
      button.addEventListener("click", () => {
        remove();
        changed();
        const next = chips.querySelectorAll(".vv-map__chip")[Math.min(n, entries.length - 2)];
        (next || summary).focus();
      });
      return button;
    });
    if (buttons.length) {
      const clear = el("button", { type: "button", class: "vv-map__chip vv-map__chip--clear", text: texts["map.clear"] });
      clear.addEventListener("click", () => {
        q = "";
        found = null;
        unsearchable = false;
        for (const set of chosen.values()) set.clear();
        changed();
        summary.focus();
      });
      buttons.push(clear);
    }
    chips.replaceChildren(...buttons);
    chips.hidden = !buttons.length;
  }

  function update() {
    const { passing, counts } = compute();
    shown = passing;
    if (origin) shown.sort((a, b) => a.km - b.km);
    cluster.clearLayers();
    cluster.addLayers(shown.map((item) => markers[item.index]));
    const reach = Number(distance.value) || 0;
    const parts = [format(texts[shown.length ? "map.status" : "map.none"], { shown: shown.length, total: items.length })];
    if (origin && reach) parts.push(format(texts["map.within"], { km: reach, place: origin.name }));
    else if (origin) parts.push(format(texts["map.sorted"], { place: origin.name }));
    else if (reach) parts.push(texts["map.distance_needs_place"]);
    if (unsearchable) parts.push(format(texts["map.query_unavailable"], { q }));
    status.textContent = parts.join(" ");
    drawCounts(counts);
    list.replaceChildren();
    drawing++;
    listing = showMore();
  }

  function changed() {
    writeURL();
    drawChips();
    update();
  }

  let drawing = 0; // the list being drawn: rows that arrive for an older one are dropped
  let listing = Promise.resolve(); // its first rows, drawn
  async function showMore() {
    const ticket = drawing;
    const next = shown.slice(list.children.length, list.children.length + PAGE_SIZE);
    const rows = await Promise.all(next.map((item) => words(item.index)));
    if (ticket !== drawing) return;
    next.forEach((item, i) => {
      const [title, url, when, where, nextMeeting, id] = rows[i];
      const distanceText = origin ? format(texts["map.km"], { km: item.km.toLocaleString("da-DK", { maximumFractionDigits: 1, minimumFractionDigits: 1 }) }) : "";
      const row = el("li", { class: "vv-card", "data-vv-id": id }, [
        el("h3", { class: "vv-card__title" }, [el("a", { href: new URL(url, siteRoot).pathname, text: title })]),
        el("p", { class: "vv-card__when", text: when }),
        ...(nextMeeting ? [el("p", { class: "vv-next", "data-vv-next": id, text: nextMeeting })] : []),
        el("p", { class: "vv-card__where", text: distanceText ? `${where} · ${distanceText}` : where }),
      ]);
      saveWhere.set(row, [id, title]);
      addSave(row);
      list.append(row);
    });
    more.hidden = list.children.length >= shown.length;
  }

  // --- "Nær mig": where distances are measured from, drawn as a ring, and the distance as a circle ---
  let originMark = null;
  let reachMark = null;
  function drawOrigin() {
    originMark?.remove();
    reachMark?.remove();
    originMark = reachMark = null;
    if (!origin) return;
    originMark = L.circleMarker([origin.lat, origin.lon], { radius: 12, weight: 4, color: "#000", fillOpacity: 0, className: "vv-origin", interactive: false }).addTo(map);
    const reach = Number(distance.value) || 0;
    if (reach) {
      reachMark = L.circle([origin.lat, origin.lon], { radius: reach * 1000, weight: 3, color: "#1f4e79", fill: false, dashArray: "8 6", className: "vv-reach", interactive: false }).addTo(map);
    }
  }

  // the map moves at once for a place a link brings, and glides for one the reader asks for
  function fit(animate = true) {
    if (!origin) return;
    if (reachMark) {
      map.fitBounds(reachMark.getBounds(), { padding: [20, 20], animate });
    } else if (shown.length) {
      const nearest = shown.slice(0, 10).map((item) => [item.lat, item.lon]);
      map.fitBounds(L.latLngBounds([[origin.lat, origin.lon], ...nearest]), { padding: [30, 30], maxZoom: 15, animate });
    }
  }

  function setOrigin(place, animate = true) {
    origin = place;
    say("");
    for (const item of items) item.km = place ? distanceKm(place, item) : undefined;
    drawOrigin();
    changed();
    fit(animate);
  }

  function placeOf(code, areaId) {
    if (code) {
      const centre = data.postcodes.find((p) => p.id === code);
      return centre ? { lat: centre.lat, lon: centre.lon, name: centre.name, postcode: code } : undefined;
    }
    const area = areaId && data.areas.find((a) => a.id === areaId);
    return area ? { lat: area.lat, lon: area.lon, name: area.name, area: area.id } : null;
  }

  near.addEventListener("submit", (event) => {
    event.preventDefault();
    const code = near.elements.postnummer.value.trim();
    const place = placeOf(code, near.elements.lokalomraade.value);
    if (place === undefined) {
      say(format(texts["map.unknown_postcode"], { postcode: code, known: data.postcodes.map((p) => p.id).join(", ") }));
      return;
    }
    setOrigin(place);
  });
  distance.addEventListener("change", () => {
    drawOrigin();
    changed();
    fit();
  });
  root.querySelector("[data-vv-locate]").addEventListener("click", () => {
    if (!navigator.geolocation) {
      say(texts["map.locate_failed"]);
      return;
    }
    status.textContent = texts["map.locating"];
    navigator.geolocation.getCurrentPosition(
      (position) => {
        // the position is used here and forgotten: never put in the URL, never stored
        near.elements.postnummer.value = "";
        near.elements.lokalomraade.value = "";
        setOrigin({ lat: position.coords.latitude, lon: position.coords.longitude, name: texts["map.here"] });
      },
      () => {
        say(texts["map.locate_failed"]);
        update();
      },
      { timeout: 10000 },
    );
  });

  // --- the filters ----------------------------------------------------------------------------
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("change", (event) => {
    const box = event.target;
    const facet = facets.find((f) => f.key === box.name);
    if (!facet || box.type !== "checkbox") return;
    const index = facet.index.get(box.value);
    if (box.checked) chosen.get(facet.key).add(index);
    else chosen.get(facet.key).delete(index);
    changed();
  });
  more.addEventListener("click", showMore);

  // the place and distance a link brings (a typed postcode or an area; never a position)
  const wanted = NEAR_KEYS.map((key) => params.get(key) || "");
  if ([...distance.options].some((option) => option.value === wanted[2])) distance.value = wanted[2];
  const brought = placeOf(/^[0-9]{4}$/.test(wanted[0]) ? wanted[0] : "", wanted[1]);
  if (brought) {
    near.elements.postnummer.value = brought.postcode || "";
    near.elements.lokalomraade.value = brought.area || "";
  }
  // the groups of the filters a link brings are open when the panel opens
  for (const group of form.querySelectorAll("details[data-group]")) {
    group.open = [...group.querySelectorAll("input")].some((input) => chosen.get(input.name)?.has(
      facets.find((f) => f.key === input.name).index.get(input.value)));
  }
  // on a phone "Nær mig" waits in its box, as the filters do, so that the count and the map come first
  if (!brought && matchMedia("(max-width: 44.9375em)").matches) root.querySelector("[data-vv-near-box]").open = false;
  near.hidden = false;
  form.hidden = false;

  // The days from today need the meetings, the words the search index: fetched beside the first
  // drawing, which waits for them only when the link asks for them.
  const asked = (key) => (chosen.get(key)?.size || 0) > 0;
  const dayKey = page.when;
  const daysReady = dayValues(root, facets, items.length).then((found) => {
    days = found;
    const dayFacet = facets.find((f) => f.key === dayKey);
    if (dayFacet && asked(dayKey) && (!days || [...chosen.get(dayKey)].some((i) => !days.usable.has(i)))) {
      say(texts["map.days_unavailable"]);
      for (const i of [...chosen.get(dayKey)]) if (!days || !days.usable.has(i)) chosen.get(dayKey).delete(i);
    }
  });
  const wordsReady = q
    ? textRows(root, siteRoot, q, page.words).then((rows) => {
      found = rows || null;
      unsearchable = rows === undefined;
    })
    : Promise.resolve();
  if (!(dayKey && asked(dayKey)) && !q) {
    if (brought) setOrigin(brought, false);
    else changed();
  }
  await Promise.all([daysReady, wordsReady]);
  if (brought && !origin) setOrigin(brought, false);
  else changed();
  const filtered = q || [...chosen.values()].some((set) => set.size);
  if (!origin && filtered && shown.length) {
    // a link's filters: the map shows where their pins are
    map.fitBounds(L.latLngBounds(shown.map((item) => [item.lat, item.lon])), { padding: [30, 30], maxZoom: 15, animate: false });
  }
  await listing;
  root.dataset.vvMapReady = ""; // filters, days, words and the list's first rows are all there
}

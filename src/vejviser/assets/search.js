// Vejviser search: the finder (GOV.UK's pattern) on top of Pagefind, with the state in the URL.
// The count and the results sit directly under the search box; the filters beside them from
// tablet-landscape width up, and behind a button "Filtrér (N)" in a modal panel on narrower screens.
// Served by the site itself; Pagefind's files are fetched from the site's own index (data-vv-index).
// Without JavaScript the list pages give the whole content, so this only enhances.

import { el, format } from "./dom.js";
import { dayNumber, isoDay, readerDay, relativeDays } from "./meetings.js";
import { understand } from "./query.js";

const PAGE_SIZE = 10;
//: From this width the filters stand in a column beside the results (iPad landscape is 1180 px).
const WIDE = "(min-width: 64em)";
// "Gem på listen" on each card, when the shortlist's script is there; the search works without it.
const shortlist = import("./shortlist.js").catch(() => null);

// "i dag", "i morgen", "denne uge": worked out from the reader's day into the dates the index
// holds for each activity (present/facets.py), as far as those reach.
function daysOf(data) {
  const days = data.days;
  const facet = days && data.facets.find((f) => f.key === days.facet);
  if (!facet) return null;
  const first = dayNumber(days.from);
  const last = dayNumber(days.until);
  const named = relativeDays(Object.entries(facet.values), readerDay());
  const dates = {};
  for (const [value, numbers] of Object.entries(named)) {
    if (numbers.every((n) => n >= first && n <= last)) dates[value] = numbers.map(isoDay);
  }
  return { facet, filter: days.filter, dates };
}

function readState(facets) {
  const params = new URLSearchParams(location.search);
  const state = { q: params.get("q") || "", filters: {} };
  for (const facet of facets) {
    const values = params.getAll(facet.key).filter((v) => v in facet.values);
    if (values.length) state.filters[facet.key] = values;
  }
  return state;
}

/** The state as a URL query ("" or "?q=...&omraade=..."): the same names the map page reads. */
function queryOf(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const [key, values] of Object.entries(state.filters)) for (const v of values) params.append(key, v);
  const query = params.toString();
  return query ? "?" + query : "";
}

function isEmpty(state) {
  return !state.q && Object.keys(state.filters).length === 0;
}

/** The chosen filters and those the typed words bring (a postcode's areas): both must hold, so a facet
 * in both keeps the values they share; ``null`` when nothing can match. */
function combine(chosen, typed) {
  const out = { ...chosen };
  for (const [key, values] of Object.entries(typed || {})) {
    if (!values || !values.length) continue;
    out[key] = key in out ? out[key].filter((v) => values.includes(v)) : [...values];
    if (!out[key].length) return null;
  }
  return out;
}

/** ``tel:`` address of a phone number as people write it ("44 77 00 00"). */
function telOf(phone) {
  return "tel:" + phone.replace(/[^\d+]/g, "");
}

async function start(root) {
  const data = JSON.parse(document.getElementById("vv-facet-data").textContent);
  const texts = data.texts;
  const days = daysOf(data);
  // a day the index's dates do not reach is not offered (nor kept from a link: it is said instead)
  const facets = data.facets.map((f) => (days && f === days.facet
    ? { ...f, values: Object.fromEntries(Object.entries(f.values).filter(([value]) => value in days.dates)) }
    : f));
  let unavailable = [];
  const form = root.querySelector("form");
  const input = root.querySelector("input[type=search]");
  const facetBox = root.querySelector("[data-vv-facets]");
  const aside = root.querySelector("[data-vv-aside]");
  const chips = root.querySelector("[data-vv-chips]");
  const toMap = root.querySelector("[data-vv-to-map]");
  const status = root.querySelector("[data-vv-status]");
  const results = root.querySelector("[data-vv-results]");
  const welcome = root.querySelector("[data-vv-welcome]");
  const openButton = root.querySelector("[data-vv-open]");
  const panel = root.querySelector("[data-vv-panel]");
  const panelBody = panel.querySelector("[data-vv-panel-body]");
  const done = panel.querySelector("[data-vv-done]");
  const siteRoot = new URL(root.dataset.vvRoot || "./", location.href);
  const mapHref = toMap.getAttribute("href");

  let pagefind;
  try {
    pagefind = await import(new URL(root.dataset.vvIndex, siteRoot).href);
    await pagefind.options({ baseUrl: siteRoot.pathname });
  } catch (error) {
    status.textContent = texts["search.unavailable"];
    return;
  }
  const saving = await shortlist;

  function readFrom(location) {
    const asked = days ? new URLSearchParams(location.search).getAll(days.facet.key) : [];
    unavailable = asked.filter((v) => v in days.facet.values && !(v in days.dates)).map((v) => days.facet.values[v]);
    return readState(facets);
  }

  // The index's filters for the reader's choices: the days from today become dates.
  function indexFilters(filters) {
    const out = {};
    for (const [key, values] of Object.entries(filters)) {
      if (days && key === days.facet.key) out[days.filter] = { any: [...new Set(values.flatMap((v) => days.dates[v] || []))] };
      else out[key] = { any: values };
    }
    return out;
  }

  // The counts of the days from today, given the counts and filters of a search without them: a
  // day's count is its date's, the week's needs a search of its own (an activity may meet twice).
  async function dayCounts(counts, base, query) {
    if (!days || !counts) return counts;
    const byDate = base.counts[days.filter] || {};
    const out = {};
    for (const [value, dates] of Object.entries(days.dates)) {
      if (dates.length === 1) {
        out[value] = byDate[dates[0]] || 0;
      } else {
        const search = await pagefind.search(query, { filters: { ...base.others, [days.filter]: { any: dates } } });
        out[value] = search ? search.results.length : 0;
      }
    }
    return { ...counts, [days.facet.key]: out };
  }

  let state = readFrom(location);
  let shown = [];
  let latest = 0;
  // Where focus goes once the next search is drawn: the chip at an index (or the count), or nothing.
  let focusNext = null;
  // The filter index is the largest part of the search; it is fetched only once the reader
  // opens the filters or a link brings some, so that a plain first search stays small.
  let filtersLoaded = null;
  function loadFilters() {
    filtersLoaded ||= pagefind.filters();
    return filtersLoaded;
  }

  // --- the filters' place: a column beside the results, or a modal panel -------------------------
  const wide = window.matchMedia(WIDE);
  function place() {
    if (wide.matches) {
      if (panel.open) panel.close();
      aside.append(facetBox);
    } else {
      panelBody.append(facetBox);
    }
    aside.hidden = !wide.matches;
    openButton.hidden = wide.matches;
  }
  wide.addEventListener("change", place);
  place();
  openButton.addEventListener("click", () => {
    panel.showModal();  // focus goes to the panel's first control, its close button
    if (!filtersLoaded) loadFilters().then(() => run());
  });
  panel.querySelector("[data-vv-close]").addEventListener("click", () => panel.close());
  done.addEventListener("click", () => panel.close());
  // Closed by a button or Esc: back to the button that opened it.
  panel.addEventListener("close", () => { if (!openButton.hidden) openButton.focus(); });

  function chosenCount() {
    return Object.values(state.filters).reduce((sum, values) => sum + values.length, 0);
  }

  function renderFacets(counts) {
    // The facets are redrawn with new counts inside the same group boxes: a box the reader opened
    // stays open, and a click on its heading during a drawing is never lost to a replaced element.
    const active = document.activeElement;
    const focused = active && facetBox.contains(active) && active.matches("input") ? active.id : null;
    const focusedBox = focused ? active.closest("details") : null;
    const kept = new Map([...facetBox.querySelectorAll(":scope > details")].map((d) => [d.dataset.group, d]));
    const groups = {};
    for (const facet of facets) (groups[facet.group] ||= []).push(facet);
    for (const [group, members] of Object.entries(groups)) {
      const chosen = members.some((f) => state.filters[f.key]);
      let details = kept.get(group);
      if (!details) {
        details = el("details", { open: chosen, "data-group": group }, [el("summary", { text: data.groups[group] })]);
        facetBox.append(details);
      } else if (chosen && !details.open) details.open = true;
      const fieldsets = [];
      for (const facet of members) {
        const fieldset = el("fieldset");
        fieldset.append(el("legend", { text: facet.label }));
        for (const [value, label] of Object.entries(facet.values)) {
          const checked = (state.filters[facet.key] || []).includes(value);
          const count = counts && counts[facet.key] ? counts[facet.key][value] || 0 : null;
          if (count === 0 && !checked) continue;
          const id = `vv-f-${facet.key}-${value}`;
          const box = el("input", { type: "checkbox", id, name: facet.key, value, checked });
          const text = count === null ? label : `${label} (${count})`;
          fieldset.append(el("label", { for: id }, [box, document.createTextNode(text)]));
        }
        if (fieldset.querySelector("input")) fieldsets.push(fieldset);
      }
      details.replaceChildren(details.querySelector(":scope > summary"), ...fieldsets);
    }
    facetBox.hidden = false;
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
    else if (focusedBox) focusedBox.querySelector(":scope > summary").focus(); // its box had no such value left
  }

  function renderChips() {
    chips.replaceChildren();
    const chosen = chosenCount();
    if (chosen) {
      chips.setAttribute("role", "group");
      chips.setAttribute("aria-label", texts["search.chosen"]);
    } else {
      chips.removeAttribute("role");
      chips.removeAttribute("aria-label");
    }
    let index = 0;
    for (const facet of facets) {
      for (const value of state.filters[facet.key] || []) {
        const label = `${facet.label}: ${facet.values[value]}`;
        const at = index++;
        const button = el("button", {
          type: "button", class: "vv-chip", "data-vv-chip": true, "aria-label": format(texts["search.remove"], { label }),
        }, [el("span", { text: label }), el("span", { class: "vv-chip__x", "aria-hidden": "true", text: " ✕" })]);
        button.addEventListener("click", () => {
          focusNext = { chip: at };
          toggle(facet.key, value, false);
        });
        chips.append(button);
      }
    }
    if (chosen) {
      const clear = el("button", { type: "button", class: "vv-chip vv-chip--clear", text: texts["search.clear"] });
      clear.addEventListener("click", () => {
        focusNext = { chip: -1 };
        update({ q: state.q, filters: {} });
      });
      chips.append(clear);
    }
    openButton.textContent = chosen ? format(texts["search.filter_button_count"], { count: chosen }) : texts["search.filter_button"];
  }

  /** After a chip is removed: the chip now in its place (or the one before), else the results' count. */
  function restoreFocus() {
    if (!focusNext) return;
    const wanted = focusNext;
    focusNext = null;
    const left = [...chips.querySelectorAll("[data-vv-chip]")];
    const target = wanted.chip >= 0 && left.length ? left[Math.min(wanted.chip, left.length - 1)] : null;
    if (target) target.focus();
    else if (!isEmpty(state)) status.focus();
    else input.focus();
  }

  function render(counts) {
    renderFacets(counts);
    renderChips();
    toMap.hidden = isEmpty(state);
    // the page's introduction and its links stand where the results come, until there are some
    if (welcome) welcome.hidden = !isEmpty(state);
    toMap.setAttribute("href", mapHref + queryOf(state));
  }

  function card(item) {
    const meta = item.meta || {};
    // The index documents carry their page's URL, relative to the site root, as meta.
    const href = meta.url ? new URL(meta.url, siteRoot).pathname : item.url;
    const li = el("li", { class: "vv-card" }, [
      el("h3", { class: "vv-card__title" }, [el("a", { href, text: meta.title || href })]),
      el("p", { class: "vv-card__when", text: meta.when || "" }),
      el("p", { class: "vv-card__where", text: meta.where || "" }),
    ]);
    if (meta.id && saving && saving.saveButton) li.append(saving.saveButton(meta.id, meta.title || href));
    return li;
  }

  // "Vis flere": the next cards, and for the reader who asked, focus on the first of them (the button
  // goes or moves on, and focus must not fall back to the top of the page).
  async function showMore(event) {
    const first = results.children.length;
    const next = shown.slice(first, first + PAGE_SIZE);
    const items = await Promise.all(next.map((r) => r.data()));
    for (const item of items) results.append(card(item));
    const more = root.querySelector("[data-vv-more]");
    if (more) more.remove();
    if (results.children.length < shown.length) {
      const button = el("button", { type: "button", class: "md-button", "data-vv-more": true, text: texts["search.more"] });
      button.addEventListener("click", showMore);
      results.after(button);
    }
    const link = event && results.children[first] && results.children[first].querySelector("a");
    if (link) link.focus();
  }

  /** The status line: what was found (or whom to call), what the typed words were taken to mean,
   * and a close miss to try. Its region is polite, so each change is read out without moving focus. */
  function say(count, notes, suggestion) {
    const lines = [];
    if (count === 0) {
      const none = Object.keys(state.filters).length
        ? `${texts["search.no_results"]} ${texts["search.remove_a_filter"]}` : texts["search.no_results"];
      lines.push(el("p", { class: "vv-finder__count", text: none }));
    } else {
      const found = count === 1 ? texts["search.result_one"] : format(texts["search.results"], { count });
      lines.push(el("p", { class: "vv-finder__count", text: found }));
    }
    for (const note of [...notes, ...unavailable.map((label) => format(texts["search.days_unavailable"], { label }))]) {
      lines.push(el("p", { class: "vv-finder__note", text: note }));
    }
    // a typed word the directory does not know, close to one it knows: offered whatever was found,
    // for a typo often finds something else ("rolator" finds "roligt")
    if (suggestion) {
      const button = el("button", { type: "button", class: "vv-finder__suggest", text: format(texts["search.did_you_mean"], { suggestion }) });
      button.addEventListener("click", () => {
        focusNext = { chip: -1 };
        update({ q: suggestion, filters: state.filters });
      });
      lines.push(el("p", {}, [button]));
    }
    const call = count === 0 ? callLine() : null;
    if (call) lines.push(call);
    status.replaceChildren(...lines);
  }

  /** "Ring til <name> på <phone> (<hours>), så hjælper vi.", the phone as a tel: link (null without a phone). */
  function callLine() {
    const { name, phone, hours } = data.contact || {};
    if (!phone) return null;
    const line = el("p", { class: "vv-finder__call" });
    const lowered = hours ? hours[0].toLocaleLowerCase(document.documentElement.lang || "da") + hours.slice(1) : "";
    const text = format(texts["search.call"], {
      name, phone: "\u0000", hours: hours ? format(texts["search.call_hours"], { hours: lowered }) : "",
    });
    const [before, after] = text.split("\u0000");
    line.append(before, el("a", { href: telOf(phone), text: phone }), after || "");
    return line;
  }

  function showDone(count) {
    done.textContent = count === null ? texts["search.show_all"]
      : count === 1 ? texts["search.show_result_one"] : format(texts["search.show_results"], { count });
  }

  /** Draw the state; the results say they are busy until the newest drawing is done (screen readers
   * wait for it, and so can a test). */
  async function run() {
    const ticket = ++latest;
    results.setAttribute("aria-busy", "true");
    try {
      await draw(ticket);
    } finally {
      if (ticket === latest) results.removeAttribute("aria-busy");
    }
  }

  async function draw(ticket) {
    input.value = state.q;
    const more = root.querySelector("[data-vv-more]");
    if (more) more.remove();
    if (Object.keys(state.filters).length || filtersLoaded) await loadFilters();
    if (ticket !== latest) return;
    if (isEmpty(state)) {
      results.replaceChildren();
      shown = [];
      status.replaceChildren(...unavailable.map((label) => el("p", { text: format(texts["search.days_unavailable"], { label }) })));
      const all = filtersLoaded ? await loadFilters() : null;
      const counts = await dayCounts(all, { counts: all, others: {} }, null);
      if (ticket !== latest) return;
      render(counts);
      showDone(null);
      restoreFocus();
      return;
    }
    status.replaceChildren(el("p", { text: texts["search.loading"] }));
    // The typed words, understood: the words left to search for, and filters they bring (a postcode).
    const meant = understand(state.q, data.words);
    const query = meant.query || null;
    const typed = meant.filters || {};
    const all = combine(state.filters, typed);
    let search = null;
    let counts = null;
    if (all) {
      const filters = indexFilters(all);
      search = await pagefind.search(query, { filters });
      if (ticket !== latest || !search) return;
      // Values of one facet combine with "or": count each facet as if its own choice were not made yet.
      counts = { ...search.filters };
      let dayBase = { counts: search.filters, others: filters };
      for (const key of Object.keys(state.filters)) {
        const rest = combine(Object.fromEntries(Object.entries(state.filters).filter(([k]) => k !== key)), typed);
        const others = indexFilters(rest);
        const without = await pagefind.search(query, { filters: others });
        if (!without) continue;
        if (days && key === days.facet.key) dayBase = { counts: without.filters, others };
        else counts[key] = without.filters[key];
      }
      counts = await dayCounts(counts, dayBase, query);
      if (ticket !== latest) return;
    }
    shown = search ? search.results : [];
    results.replaceChildren();
    render(counts);
    say(shown.length, meant.notes || [], meant.suggestion || null);
    showDone(shown.length);
    restoreFocus();
    await showMore();
  }

  function update(next, push = true) {
    state = next;
    if (push) unavailable = [];
    if (push) history.pushState(null, "", location.pathname + queryOf(state));
    run();
  }

  function toggle(key, value, on) {
    const filters = { ...state.filters };
    const values = new Set(filters[key] || []);
    if (on) values.add(value); else values.delete(value);
    if (values.size) filters[key] = [...values]; else delete filters[key];
    update({ q: state.q, filters });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    update({ q: input.value.trim(), filters: state.filters });
  });
  facetBox.addEventListener("change", (event) => {
    const box = event.target;
    if (box.matches("input[type=checkbox]")) toggle(box.name, box.value, box.checked);
  });
  window.addEventListener("popstate", () => update(readFrom(location), false));
  facetBox.addEventListener("toggle", (event) => {
    if (event.target.open && !filtersLoaded) loadFilters().then(() => run());
  }, true);

  await run();
}

const root = document.querySelector("[data-vv-search]");
if (root) start(root);

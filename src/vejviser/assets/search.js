// Vejviser search: free text and facets on top of Pagefind, with the state in the URL.
// Served by the site itself; Pagefind's files are fetched from the site's own index (data-vv-index).
// Without JavaScript the list pages give the whole content, so this only enhances.

import { el, format } from "./dom.js";
import { dayNumber, isoDay, readerDay, relativeDays } from "./meetings.js";

const PAGE_SIZE = 10;

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

function writeState(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const [key, values] of Object.entries(state.filters)) for (const v of values) params.append(key, v);
  const query = params.toString();
  return location.pathname + (query ? "?" + query : "");
}

function isEmpty(state) {
  return !state.q && Object.keys(state.filters).length === 0;
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
  const chips = root.querySelector("[data-vv-chips]");
  const status = root.querySelector("[data-vv-status]");
  const results = root.querySelector("[data-vv-results]");
  const siteRoot = new URL(root.dataset.vvRoot || "./", location.href);

  let pagefind;
  try {
    pagefind = await import(new URL(root.dataset.vvIndex, siteRoot).href);
    await pagefind.options({ baseUrl: siteRoot.pathname });
  } catch (error) {
    status.textContent = texts["search.unavailable"];
    return;
  }

  function readFrom(location) {
    const asked = days ? new URLSearchParams(location.search).getAll(days.facet.key) : [];
    unavailable = asked.filter((v) => v in days.facet.values && !(v in days.dates)).map((v) => days.facet.values[v]);
    return readState(facets);
  }

  // The index's filters for the reader's choices: the days from today become dates.
  function indexFilters(filters) {
    const out = {};
    for (const [key, values] of Object.entries(filters)) {
      if (days && key === days.facet.key) out[days.filter] = { any: [...new Set(values.flatMap((v) => days.dates[v]))] };
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
  // The filter index is the largest part of the search; it is fetched only once the reader
  // opens the filters or a link brings some, so that a plain first search stays small.
  let filtersLoaded = null;
  function loadFilters() {
    filtersLoaded ||= pagefind.filters();
    return filtersLoaded;
  }

  function render(counts) {
    // The facets are redrawn with new counts; keep the reader's place (focus and open boxes).
    const focused = document.activeElement && facetBox.contains(document.activeElement) ? document.activeElement.id : null;
    const opened = new Set([...facetBox.querySelectorAll("details[open]")].map((d) => d.dataset.group));
    const drawn = facetBox.children.length > 0;
    facetBox.replaceChildren();
    const groups = {};
    for (const facet of facets) (groups[facet.group] ||= []).push(facet);
    for (const [group, members] of Object.entries(groups)) {
      const active = members.some((f) => state.filters[f.key]);
      const details = el("details", { open: drawn ? opened.has(group) || active : active, "data-group": group });
      details.append(el("summary", { text: data.groups[group] }));
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
        if (fieldset.querySelector("input")) details.append(fieldset);
      }
      facetBox.append(details);
    }
    facetBox.hidden = false;
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();

    chips.replaceChildren();
    for (const facet of facets) {
      for (const value of state.filters[facet.key] || []) {
        const label = `${facet.label}: ${facet.values[value]}`;
        const button = el("button", { type: "button", "aria-label": format(texts["search.remove"], { label }) });
        button.textContent = `${label} ✕`;
        button.addEventListener("click", () => toggle(facet.key, value, false));
        chips.append(button);
      }
    }
    if (Object.keys(state.filters).length) {
      const clear = el("button", { type: "button", text: texts["search.clear"] });
      clear.addEventListener("click", () => update({ q: state.q, filters: {} }));
      chips.append(clear);
    }
  }

  function card(item) {
    const meta = item.meta || {};
    // The index documents carry their page's URL, relative to the site root, as meta.
    const href = meta.url ? new URL(meta.url, siteRoot).pathname : item.url;
    return el("li", { class: "vv-card" }, [
      el("h3", { class: "vv-card__title" }, [el("a", { href, text: meta.title || href })]),
      el("p", { class: "vv-card__when", text: meta.when || "" }),
      el("p", { class: "vv-card__where", text: meta.where || "" }),
    ]);
  }

  async function showMore() {
    const next = shown.slice(results.children.length, results.children.length + PAGE_SIZE);
    const items = await Promise.all(next.map((r) => r.data()));
    for (const item of items) results.append(card(item));
    const more = root.querySelector("[data-vv-more]");
    if (more) more.remove();
    if (results.children.length < shown.length) {
      const button = el("button", { type: "button", class: "md-button", "data-vv-more": true, text: texts["search.more"] });
      button.addEventListener("click", showMore);
      results.after(button);
    }
  }

  async function run() {
    const ticket = ++latest;
    input.value = state.q;
    const more = root.querySelector("[data-vv-more]");
    if (more) more.remove();
    if (Object.keys(state.filters).length || filtersLoaded) await loadFilters();
    if (ticket !== latest) return;
    const missing = unavailable.map((label) => format(texts["search.days_unavailable"], { label })).join(" ");
    if (isEmpty(state)) {
      results.replaceChildren();
      status.textContent = missing;
      const all = filtersLoaded ? await loadFilters() : null;
      const counts = await dayCounts(all, { counts: all, others: {} }, null);
      if (ticket !== latest) return;
      render(counts);
      return;
    }
    status.textContent = texts["search.loading"];
    const filters = indexFilters(state.filters);
    const search = await pagefind.search(state.q || null, { filters });
    if (ticket !== latest || !search) return;
    // Values of one facet combine with "or": count each facet as if its own choice were not made yet.
    let counts = { ...search.filters };
    let dayBase = { counts: search.filters, others: filters };
    for (const key of Object.keys(state.filters)) {
      const others = indexFilters(Object.fromEntries(Object.entries(state.filters).filter(([k]) => k !== key)));
      const without = await pagefind.search(state.q || null, { filters: others });
      if (!without) continue;
      if (days && key === days.facet.key) dayBase = { counts: without.filters, others };
      else counts[key] = without.filters[key];
    }
    counts = await dayCounts(counts, dayBase, state.q || null);
    if (ticket !== latest) return;
    shown = search.results;
    results.replaceChildren();
    render(counts);
    const count = shown.length;
    const found = count === 0 ? texts["search.no_results"]
      : count === 1 ? texts["search.result_one"] : format(texts["search.results"], { count });
    status.textContent = missing ? `${missing} ${found}` : found;
    await showMore();
  }

  function update(next, push = true) {
    state = next;
    if (push) unavailable = [];
    if (push) history.pushState(null, "", writeState(state));
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

// "Min liste": the list a home-care worker builds with a citizen and leaves behind, printed or as a link.
// The list is the ids of activities, kept in this tab only (sessionStorage: no account, no server, nothing
// about the citizen). Each activity's page carries its entry as the list prints it (site/shortlist.py makes
// it from the same view as the page), so the list page fetches the pages of its ids and nothing else.
// An id from a link is untrusted: only a plain record id (the schema's rule, handed over by the build) is
// ever stored or fetched; every text goes in as text.

import { el, format } from "./dom.js";

const KEY = "vejviser.liste";
const CHANGED = "vv-shortlist-change";
const SVG = "http://www.w3.org/2000/svg";
const ENTRY_MARK = "<script type=\"application/json\" data-vv-entry>";

const head = document.getElementById("vv-shortlist-head");
const data = head ? JSON.parse(head.textContent) : { texts: {}, id: null, max_entries: 0 };
const texts = data.texts;
const idRule = data.id ? new RegExp(data.id.pattern, "u") : null;
const reserved = new Set(data.id ? data.id.reserved : []);

/** ``text`` as a record id (NFC), or null when it is anything else: a path, markup, too long, reserved. */
export function recordId(text) {
  if (typeof text !== "string" || !idRule) return null;
  const id = text.normalize("NFC");
  if (id.length > data.id.max_length || reserved.has(id) || !idRule.test(id)) return null;
  return id;
}

/** The ids on the list, in the order they were saved. */
export function readList() {
  let stored;
  try {
    stored = JSON.parse(sessionStorage.getItem(KEY) || "[]");
  } catch {
    return [];
  }
  if (!Array.isArray(stored)) return [];
  return [...new Set(stored.map(recordId).filter(Boolean))].slice(0, data.max_entries);
}

function writeList(ids) {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(ids));
  } catch {
    // storage refused (a private window that keeps nothing): the page still shows this list
  }
  document.dispatchEvent(new CustomEvent(CHANGED, { detail: ids }));
}

// --- announcements and the link to the list ---------------------------------------------------

let announcer = null;

function announce(text) {
  if (!announcer) {
    announcer = el("p", { class: "vv-sr", role: "status", "aria-live": "polite" });
    (document.querySelector("main") || document.body).append(announcer);
  }
  announcer.textContent = "";
  setTimeout(() => { announcer.textContent = text; }, 50); // a change after a pause is read even when the text repeats
}

let listLink = null;

function showListLink(ids) {
  if (!head || document.querySelector("[data-vv-shortlist]")) return; // the list page itself needs no link to it
  if (!listLink) {
    listLink = el("a", { class: "vv-shortlist-link md-button md-button--primary", href: head.dataset.vvList });
    (document.querySelector("main") || document.body).append(listLink);
  }
  listLink.textContent = format(texts["shortlist.link"], { count: ids.length });
  listLink.hidden = ids.length === 0;
  document.body.classList.toggle("vv-has-shortlist", ids.length > 0);
}

// --- "Gem på listen" -----------------------------------------------------------------------------

function syncButton(button, ids) {
  const saved = ids.includes(button.dataset.vvSaveId);
  button.setAttribute("aria-pressed", String(saved));
  button.querySelector(".vv-save__label").textContent = texts[saved ? "shortlist.remove" : "shortlist.save"];
}

/** Saves the activity ``id`` on the list, or takes it off when it is there; says so to a screen reader. */
export function toggle(id) {
  const ids = readList();
  if (ids.includes(id)) {
    const left = ids.filter((other) => other !== id);
    writeList(left);
    announce(format(texts["shortlist.removed"], { count: left.length }));
  } else if (ids.length >= data.max_entries) {
    announce(texts["shortlist.full"]);
  } else {
    writeList([...ids, id]);
    announce(format(texts["shortlist.saved"], { count: ids.length + 1 }));
  }
}

/**
 * A toggle button that saves the activity ``id`` (titled ``title``) on the list or takes it off:
 * "Gem på listen" / "Fjern fra listen", aria-pressed. Other scripts put it on their cards and popups:
 * ``const { saveButton } = await import("./shortlist.js")``. Null when ``id`` is not a record id.
 */
export function saveButton(id, title) {
  const checked = recordId(id);
  if (!checked || !head) return null;
  const button = el("button", { type: "button", class: "vv-save md-button", "data-vv-save-id": checked }, [
    el("span", { class: "vv-save__label" }),
    el("span", { class: "vv-sr", text: ` (${title})` }), // which activity, when many buttons stand on a page
  ]);
  syncButton(button, readList());
  button.addEventListener("click", () => toggle(checked));
  return button;
}

document.addEventListener(CHANGED, (event) => {
  for (const button of document.querySelectorAll("[data-vv-save-id]")) syncButton(button, event.detail);
  showListLink(event.detail);
});

for (const slot of document.querySelectorAll("[data-vv-save]")) {
  const button = saveButton(slot.dataset.vvSave, slot.dataset.vvTitle || "");
  if (button) slot.replaceWith(button);
}
showListLink(readList());

// --- the page "Min liste" ------------------------------------------------------------------------

/** The ids a link carries (``?id=a&id=b``): the record ids among them, the number refused, and whether
 * there were more than a list holds. */
export function idsFromLink(values) {
  const accepted = [];
  let refused = 0;
  for (const value of values) {
    const id = recordId(value);
    if (id === null) refused++;
    else if (!accepted.includes(id)) accepted.push(id);
  }
  return { ids: accepted.slice(0, data.max_entries), refused, tooMany: accepted.length > data.max_entries };
}

/** The entry the page at ``address`` carries for ``id``: {status: "gone"} when there is no such page. */
async function fetchEntry(address, id) {
  let response;
  try {
    response = await fetch(address, { credentials: "same-origin", redirect: "error" });
  } catch {
    return { id, status: "failed" };
  }
  if (response.status === 404 || response.status === 410) return { id, status: "gone" };
  if (!response.ok) return { id, status: "failed" };
  const page = await response.text();
  const start = page.indexOf(ENTRY_MARK);
  const end = start < 0 ? -1 : page.indexOf("</script>", start);
  if (end < 0) return { id, status: "gone" };
  try {
    const entry = JSON.parse(page.slice(start + ENTRY_MARK.length, end));
    return entry && entry.id === id ? { ...entry, page: address } : { id, status: "gone" };
  } catch {
    return { id, status: "gone" };
  }
}

let qrcode = null;

/** The QR code of ``text`` as an SVG drawing (vector, so it prints sharp), with ``label`` as its name. */
async function qrDrawing(text, label) {
  qrcode ||= import(new URL("../vendor/qrcode-generator/qrcode.mjs", import.meta.url).href).then((m) => m.qrcode);
  const make = await qrcode;
  const code = make(0, "M");
  code.addData(text);
  code.make();
  const size = code.getModuleCount();
  let path = "";
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!code.isDark(y, x)) continue;
      let run = 1;
      while (x + run < size && code.isDark(y, x + run)) run++;
      path += `M${x} ${y}h${run}v1h-${run}z`;
      x += run - 1;
    }
  }
  const svg = document.createElementNS(SVG, "svg");
  const quiet = 4;
  svg.setAttribute("viewBox", `${-quiet} ${-quiet} ${size + 2 * quiet} ${size + 2 * quiet}`);
  svg.setAttribute("class", "vv-entry__qr");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
  svg.setAttribute("shape-rendering", "crispEdges");
  const background = document.createElementNS(SVG, "rect");
  for (const [name, value] of [["x", -quiet], ["y", -quiet], ["width", size + 2 * quiet], ["height", size + 2 * quiet], ["fill", "#fff"]]) {
    background.setAttribute(name, String(value));
  }
  const modules = document.createElementNS(SVG, "path");
  modules.setAttribute("d", path);
  modules.setAttribute("fill", "#000");
  svg.append(background, modules);
  return svg;
}

async function entryItem(entry, texts) {
  const titleId = `vv-entry-${entry.id}`;
  const rows = el("dl", { class: "vv-entry__rows" });
  for (const [label, text] of entry.rows) rows.append(el("div", {}, [el("dt", { text: label }), el("dd", { text })]));
  const parts = [el("h2", { class: "vv-entry__title", id: titleId }, [el("a", { href: entry.page, text: entry.title })])];
  for (const notice of entry.notices || []) parts.push(el("p", { class: "vv-notice", role: "note", text: notice }));
  if (entry.next) {
    // meetings.js says it again for the reader's own day, as on the activity's page
    parts.push(el("p", { class: "vv-next", "data-vv-next": entry.id }, [el("span", { class: "vv-next__text", text: entry.next })]));
  }
  parts.push(rows);
  const remove = saveButton(entry.id, entry.title);
  // the published address (settings.site.url); a site without one gives its own, from the page's
  const qr = await qrDrawing(new URL(entry.url, location.href).href, format(texts["shortlist.qr"], { title: entry.title }));
  // the code floats beside the first lines, and the rest take the whole width
  return el("li", { class: "vv-entry", "data-vv-entry-id": entry.id, "aria-labelledby": titleId }, [
    qr, ...parts, el("p", { class: "vv-entry__remove" }, [remove]),
  ]);
}

function goneItem(entry, texts) {
  const words = {
    ended: format(texts["shortlist.ended"], { title: entry.title }),
    hidden: format(texts["shortlist.hidden"], { title: entry.title }),
    gone: format(texts["shortlist.gone"], { id: entry.id }),
    failed: format(texts["shortlist.failed"], { id: entry.id }),
  }[entry.status];
  const remove = saveButton(entry.id, entry.title || entry.id);
  return el("li", { "data-vv-gone-id": entry.id }, [el("span", { text: `${words} ` }), remove]);
}

function shareAddress(share, ids) {
  const base = share || new URL(location.pathname, location.origin).href;
  return ids.length ? `${base}?${ids.map((id) => `id=${encodeURIComponent(id)}`).join("&")}` : base;
}

function listPage(box) {
  const page = JSON.parse(document.getElementById("vv-shortlist-data").textContent);
  const texts = page.texts;
  const part = (name) => box.querySelector(`[data-vv-shortlist-${name}]`);
  const status = part("status");
  const entries = part("entries");
  const tools = part("tools");
  const notices = part("notices");
  const gone = part("gone");
  const undo = part("undo");
  const linkField = part("link");
  const pages = new URL(box.dataset.vvPages, location.href);
  const fetched = new Map();
  const notes = [];

  const query = new URLSearchParams(location.search);
  if (query.has("id")) {
    const link = idsFromLink(query.getAll("id"));
    writeList(link.ids); // the link's list is the list now, in this tab
    if (link.refused) notes.push(format(texts["shortlist.refused"], { count: link.refused }));
    if (link.tooMany) notes.push(format(texts["shortlist.too_many"], { max: page.max_entries }));
  }

  const entryOf = (id) => {
    if (!fetched.has(id)) fetched.set(id, fetchEntry(new URL(`${encodeURIComponent(id)}/`, pages).href, id));
    return fetched.get(id);
  };

  let drawn = 0;
  async function draw(focusAfter) {
    const turn = ++drawn;
    const ids = readList();
    const address = shareAddress(page.share, ids);
    history.replaceState(null, "", ids.length ? `?${new URL(address).search.slice(1)}` : location.pathname);
    linkField.value = address;
    part("email").href = `mailto:?body=${encodeURIComponent(address)}`;
    part("sms").href = `sms:?&body=${encodeURIComponent(address)}`;
    tools.hidden = ids.length === 0;
    if (!ids.length) {
      entries.replaceChildren();
      notices.hidden = true;
      status.textContent = [...notes, texts["shortlist.empty"]].join(" ");
      return;
    }
    if (ids.some((id) => !fetched.has(id))) status.textContent = texts["shortlist.loading"];
    const found = await Promise.all(ids.map(entryOf));
    if (turn !== drawn) return; // the list changed while its pages came: the later drawing wins
    const shown = found.filter((entry) => entry.status === "active" || entry.status === "pause");
    const named = found.filter((entry) => !shown.includes(entry));
    entries.replaceChildren(...(await Promise.all(shown.map((entry) => entryItem(entry, texts)))));
    gone.replaceChildren(...named.map((entry) => goneItem(entry, texts)));
    notices.hidden = named.length === 0;
    status.textContent = [...notes, format(texts["shortlist.count"], { count: ids.length })].join(" ");
    if (focusAfter) focusAfter();
  }

  document.addEventListener(CHANGED, () => {
    const focused = document.activeElement && document.activeElement.closest("[data-vv-entry-id], [data-vv-gone-id]");
    const next = focused && (focused.nextElementSibling || focused.previousElementSibling);
    const nextId = next && (next.dataset.vvEntryId || next.dataset.vvGoneId);
    draw(focused ? () => {
      // the removed entry's button is gone: the reader goes on from its neighbour, or from the heading
      const target = nextId && box.querySelector(`[data-vv-entry-id="${CSS.escape(nextId)}"] a, [data-vv-gone-id="${CSS.escape(nextId)}"] button`);
      (target || box.querySelector("h1")).focus();
    } : null);
  });

  part("print").addEventListener("click", () => window.print());
  part("copy").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(linkField.value);
      status.textContent = texts["shortlist.copied"];
    } catch {
      linkField.select();
      status.textContent = texts["shortlist.copy_failed"];
    }
  });
  let cleared = [];
  part("clear").addEventListener("click", () => {
    cleared = readList();
    notes.length = 0;
    writeList([]);
    status.textContent = texts["shortlist.cleared"];
    undo.hidden = false;
    part("undo-button").focus();
  });
  part("undo-button").addEventListener("click", () => {
    writeList(cleared);
    undo.hidden = true;
    draw(() => {
      status.textContent = format(texts["shortlist.restored"], { count: cleared.length });
      part("print").focus();
    });
  });
  box.querySelector("h1").setAttribute("tabindex", "-1");
  draw(null);
}

const box = document.querySelector("[data-vv-shortlist]");
if (box && head) listPage(box);

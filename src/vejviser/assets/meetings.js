// "Næste gang", "I dag" and "Denne uge" on the reader's own day in Copenhagen.
// The pages say what the build knew on its own day; this says the same for the reader's day, from
// the meetings the build publishes for the coming weeks (site/meetings.py makes them and explains
// their shape; present/upcoming.py is the same rule in Python). Every word comes with the data,
// from the catalogue. A meeting counts for its whole day, as the build (which knows days) counts it.
// Without the data, or on a day it does not reach, the pages keep what the build said.

import { el, format } from "./dom.js";

const ZONE = "Europe/Copenhagen";
const DAY_MS = 86400000;
const VERSION = 1;
const PAGE_SIZE = 50;

/** A day as a number (days since 1 January 1970), from "YYYY-MM-DD". */
export function dayNumber(iso) {
  const [year, month, day] = iso.split("-").map(Number);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** "YYYY-MM-DD" of a day number. */
export function isoDay(number) {
  return new Date(number * DAY_MS).toISOString().slice(0, 10);
}

/** The reader's day in Copenhagen now, as a day number (whatever the device's own time zone). */
export function readerDay(now = Date.now()) {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" })
    .formatToParts(new Date(now));
  const part = (type) => parts.find((p) => p.type === type).value;
  return dayNumber(`${part("year")}-${part("month")}-${part("day")}`);
}

/** Monday 0 … Sunday 6. */
export function weekdayOf(number) {
  return (new Date(number * DAY_MS).getUTCDay() + 6) % 7;
}

/** The last day of the week ``number`` is in (Sunday). */
export function sundayOf(number) {
  return number + 6 - weekdayOf(number);
}

function bits(text) {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The published meetings of one build, and what they say on a day. */
export class Meetings {
  constructor(data) {
    this.data = data;
    this.texts = data.texts;
    this.first = dayNumber(data.from);
    this.last = dayNumber(data.until);
    this.masks = data.masks.map(bits);
    this.rows = new Map(data.ids.map((id, row) => [id, row]));
    this.hidden = new Set(data.hidden);
  }

  /** Whether the data reaches ``day`` (and so the rest of its week: the data ends on a Sunday). */
  covers(day) {
    return day >= this.first && day <= this.last;
  }

  has(mask, day) {
    const offset = day - this.first;
    const bytes = this.masks[mask];
    return offset >= 0 && offset >> 3 < bytes.length && ((bytes[offset >> 3] >> (offset & 7)) & 1) === 1;
  }

  /** The time (its number in the data's times) the activity of ``row`` first starts on ``day``, or null. */
  startOn(row, day) {
    const meets = this.data.meets[row];
    let best = null;
    for (let i = 0; i < meets.length; i += 2) {
      if (this.has(meets[i], day) && (best === null || this.data.times[meets[i + 1]][0] < this.data.times[best][0])) {
        best = meets[i + 1];
      }
    }
    return best;
  }

  /** Its next meeting from ``day`` on, within the horizon, as {day, time}; null when there is none. */
  next(row, day) {
    for (let d = Math.max(day, this.first); d <= this.last; d++) {
      const time = this.startOn(row, d);
      if (time !== null) return { day: d, time };
    }
    const after = this.data.after[row];
    if (after && this.last + after[0] - day <= this.data.horizon) return { day: this.last + after[0], time: after[1] };
    return null;
  }

  /** ``tirsdag 5. januar``, with the year when it is not the year of ``today``. */
  dayInWords(number, today) {
    const date = new Date(number * DAY_MS);
    const year = date.getUTCFullYear();
    const template = year === new Date(today * DAY_MS).getUTCFullYear() ? "next.day" : "next.day_year";
    return format(this.texts[template], {
      weekday: this.data.weekdays[weekdayOf(number)], day: date.getUTCDate(),
      month: this.data.months[date.getUTCMonth()], year,
    });
  }

  /** What present/upcoming.py says of the activity of ``row`` on ``day``: {note, text, quiet}. */
  words(row, day) {
    const next = this.next(row, day);
    if (!next) return { note: this.texts["next.none"], text: "", quiet: true };
    const text = format(this.texts["next.meeting"], {
      day: this.dayInWords(next.day, day), time: this.data.times[next.time][1],
    });
    const soon = this.data.soon_weeks;
    const quiet = next.day > day + 7 * soon;
    let note = "";
    if (quiet) note = format(this.texts["next.none_soon"], { weeks: soon });
    else if (this.skipsThisWeek(row, day, next)) note = this.texts["next.not_this_week"];
    return { note, text, quiet };
  }

  /** Its rule names a day from ``day`` to Sunday, and none of them is met (paused, cancelled, a holiday). */
  skipsThisWeek(row, day, next) {
    const sunday = sundayOf(day);
    if (next.day <= sunday) return false;
    for (let d = day; d <= sunday; d++) if (this.has(this.data.skipped[row], d)) return true;
    return false;
  }

  /** The listed activities meeting on ``day`` as [row, time], by start time (equal times in the directory's order). */
  on(day) {
    const found = [];
    for (let row = 0; row < this.data.ids.length; row++) {
      if (this.hidden.has(row)) continue;
      const time = this.startOn(row, day);
      if (time !== null) found.push([row, time]);
    }
    const minutes = (entry) => this.data.times[entry[1]][0];
    return found.sort((a, b) => minutes(a) - minutes(b) || a[0] - b[0]);
  }
}

/** The days each value of the facet of relative days names, seen from ``day``: its values are, in
 * order, today, tomorrow and the rest of this week (present/facets.py, RELATIVE_DAYS). */
export function relativeDays(values, day) {
  const [today, tomorrow, week] = values.map(([value]) => value);
  return { [today]: [day], [tomorrow]: [day + 1], [week]: range(day, sundayOf(day)) };
}

export function range(first, last) {
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
}

const loaded = new Map();

/** The meetings at ``address`` (fetched once a page); null when they cannot be had or are of another shape. */
export function load(address) {
  const url = new URL(address, location.href).href;
  if (!loaded.has(url)) {
    loaded.set(url, fetch(url)
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => (data && data.version === VERSION ? new Meetings(data) : null))
      .catch(() => null));
  }
  return loaded.get(url);
}

// --- "Næste gang" wherever it stands --------------------------------------------------------

function show(element, words, day) {
  element.classList.toggle("vv-next--quiet", words.quiet);
  element.dataset.vvNextDay = isoDay(day); // the day it now speaks for
  const parts = words.note
    ? [el("strong", { class: "vv-next__note", text: `${words.note}.` }), document.createTextNode(" ")]
    : [];
  element.replaceChildren(...parts, el("span", { class: "vv-next__text", text: words.text }));
}

async function refresh(element) {
  const source = element.closest("[data-vv-meetings]");
  if (!source) return;
  const meetings = await load(source.dataset.vvMeetings);
  const day = readerDay();
  if (!meetings) return; // the build's words stay
  const row = meetings.rows.get(element.dataset.vvNext);
  if (row === undefined) return;
  if (meetings.covers(day)) {
    show(element, meetings.words(row, day), day);
  } else if (day > meetings.last) {
    // After the weeks the data covers (no nightly build since), the build's words may name a day gone
    // by. The first meeting after those weeks is still the next one while it is not past; else the
    // line says nothing rather than a wrong day.
    const next = meetings.next(row, day);
    if (next && next.day >= day) show(element, meetings.words(row, day), day);
    else element.hidden = true;
  }
}

function refreshWithin(node) {
  if (node.nodeType !== Node.ELEMENT_NODE) return;
  if (node.matches("[data-vv-next]")) refresh(node);
  for (const element of node.querySelectorAll("[data-vv-next]")) refresh(element);
}

// --- "I dag" and "Denne uge" ------------------------------------------------------------

async function days(box) {
  const meetings = await load(box.dataset.vvMeetings);
  if (!meetings) return; // the build's list stays, and says for which day it was made
  const texts = meetings.texts;
  const day = readerDay();
  const note = box.querySelector("[data-vv-days-for]");
  const list = box.querySelector("[data-vv-days-list]");
  const words = (number) => meetings.dayInWords(number, day);
  if (!meetings.covers(day)) {
    note.textContent = format(texts["today.out_of_range"], {
      day: words(day), first: words(meetings.first), last: words(meetings.last),
    });
    list.replaceChildren();
    return;
  }
  const week = box.dataset.vvDays === "week";
  const shown = week ? range(day, sundayOf(day)) : [day];
  note.textContent = week
    ? format(texts["week.for_days"], { first: words(day), last: words(sundayOf(day)) })
    : format(texts["today.for_day"], { day: words(day) });
  if (dayNumber(box.dataset.vvMade) === day) return; // the build's list is this day's
  const siteRoot = new URL(box.dataset.vvRoot || "./", location.href);
  const chunks = new Map();
  const cardWords = (row) => {
    const number = Math.floor(row / meetings.data.chunk);
    if (!chunks.has(number)) {
      const address = new URL(box.dataset.vvCards.replace("{number}", number), location.href);
      chunks.set(number, fetch(address).then((response) => response.json()));
    }
    return chunks.get(number).then((rows) => rows[row % meetings.data.chunk]);
  };
  const card = async ([row, time]) => {
    const [title, url, where] = await cardWords(row);
    return el("li", { class: "vv-card", "data-vv-id": meetings.data.ids[row] }, [
      el("h3", { class: "vv-card__title" }, [el("a", { href: new URL(url, siteRoot).pathname, text: title })]),
      el("p", { class: "vv-card__time", text: format(texts["today.at"], { time: meetings.data.times[time][1] }) }),
      el("p", { class: "vv-card__where", text: where }),
    ]);
  };
  const sections = await Promise.all(shown.map(async (number, index) => {
    const id = `vv-d${index + 1}`;
    const heading = words(number);
    const section = el("section", { "aria-labelledby": id }, [
      el("h2", { id, text: heading.slice(0, 1).toUpperCase() + heading.slice(1) }),
    ]);
    const entries = meetings.on(number);
    if (!entries.length) {
      section.append(el("p", { text: texts["today.none_day"] }));
      return section;
    }
    const cards = el("ul", { class: "vv-cards" }, await Promise.all(entries.slice(0, PAGE_SIZE).map(card)));
    section.append(cards);
    if (entries.length > PAGE_SIZE) section.append(moreButton(entries, cards, card, texts));
    return section;
  }));
  list.replaceChildren(...sections);
}

function moreButton(entries, cards, card, texts) {
  const label = () => format(texts["today.more"], { count: entries.length - cards.children.length });
  const button = el("button", { type: "button", class: "md-button", text: label() });
  button.addEventListener("click", async () => {
    const from = cards.children.length;
    cards.append(...(await Promise.all(entries.slice(from, from + PAGE_SIZE).map(card))));
    if (cards.children.length >= entries.length) {
      cards.children[from].querySelector("a").focus(); // the button goes: the reader goes on from the first new entry
      button.remove();
    } else {
      button.textContent = label();
    }
  });
  return el("p", {}, [button]);
}

for (const box of document.querySelectorAll("[data-vv-days]")) days(box);
refreshWithin(document.body);
// Cards and rows made later (the map's popups and list) are refreshed as they come.
new MutationObserver((records) => {
  for (const record of records) for (const node of record.addedNodes) refreshWithin(node);
}).observe(document.body, { childList: true, subtree: true });

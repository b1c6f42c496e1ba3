// What `vejviser validate` refuses beyond the schema, checked in the browser too, so that the
// form never says "in order" about a record the coordinator's check would stop. The same rules
// as src/vejviser/validate/content_rules.py, privacy.py and relations.py (the postcode's area);
// the tests drive each one in Chromium and in Python. The rules' data (the CPR pattern, the
// hidden controls, the safe link schemes, the forms without a venue) comes with the page, from
// the validator's own constants: call useRules(data.rules) first. Written for older Safari: no
// lookbehind; \p{..} with the u flag (Safari 11.1). Every pattern runs in linear time.
import { format } from "./dom.js";

/** Ten digits whose first six may be a date (DDMMYY), separated only after the day, month and year;
 *  what is hidden (C0 and C1 controls but tab and line feed, and every format character: zero-width
 *  spaces and joiners, soft hyphen, bidi controls); the link schemes a record may use; the forms
 *  that meet nowhere. Set by useRules from the page's data. */
let CPR = null;
let HIDDEN = null;
let SAFE_SCHEMES = [];
let FORMS_WITHOUT_VENUE = [];
/** The months of the year, and the frequencies the schedule's rules name (monthly, fortnightly, dates, by_appointment). */
let MONTHS = [];
let FREQUENCY = {};

/** Take the validator's rules from the page (vejviser.submit.web_form: ``rules``); a page without
 *  them is refused, so that no check is ever made without its rule. */
export function useRules(rules) {
  for (const key of ["cpr", "hidden_controls", "safe_schemes", "forms_without_venue", "months", "frequencies"]) {
    if (!rules || rules[key] === undefined) throw new Error(`the page's rules have no ${key}`);
  }
  CPR = new RegExp(`(^|[^0-9])${rules.cpr}(?![0-9])`, "g");
  HIDDEN = new RegExp(`[${rules.hidden_controls}\\p{Cf}]`, "gu");
  SAFE_SCHEMES = rules.safe_schemes;
  FORMS_WITHOUT_VENUE = rules.forms_without_venue;
  MONTHS = rules.months;
  FREQUENCY = rules.frequencies;
}
const ZWJ = "\u200d";
/** Link targets in Markdown and HTML: [text](url), [ref]: url, <url>, href=/src= attributes. */
const MARKDOWN_LINK =
  /\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))+)|^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]+)>|(?:[hH][rR][eE][fF]|[sS][rR][cC])[ \t]*=[ \t]*["']?([^"'\s>]+)/gm;
/** White space as Python's re and str.isspace() see it (JavaScript's \s also takes U+FEFF, not U+001C-U+001F, U+0085). */
const PY_SPACE = "\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
/** Runs of digits with at most four separators between two digits: "44 77 00 00", "+45 4477-0000", "44,77,00,00". */
const DIGIT_RUN = /[0-9](?:[ ./()_:,-]{0,4}[0-9])*/g;
/** "navn (at) domæne.dk", "navn [snabel-a] domæne.dk", "navn @ domæne.dk", "navn at domæne.dk" ... */
const OBFUSCATED_AT = / ?[(\[{<] ?(?:at|snabel-?a|@) ?[)\]}>] ?| ?\bsnabel-?a\b ?| at | @ ?|@ /g;
const OBFUSCATED_DOT = / ?[(\[{<] ?(?:dot|punktum|prik) ?[)\]}>] ?| (?:dot|punktum|prik) | \. ?|\. (?=[a-z0-9])/g;
/** "Hanne-Jensen", "Jensen, Hanne": the words of a name however they are parted. */
const NAME_SEPARATORS = new RegExp(`[${PY_SPACE},-]+`, "g");
/** A contact's own details: the data consent is about, never published without it. */
const CONTACT_DETAILS = ["phone", "email", "name", "consent", "consent_date"];

/** Every problem as [path in the record, message]; a path of ["consent"] is the consent box. */
export function contentProblems(record, data, consentGiven) {
  useRules(data.rules);
  const texts = data.texts;
  const found = [];
  const add = (path, key, values) => found.push([path, format(texts[key], values || {})]);

  for (const [path, text] of strings(record)) {
    const cpr = findCpr(text);
    if (cpr) add(path, "cpr", { masked: cpr });
    const hidden = hiddenCharacter(text);
    if (hidden) add(path, "control_character", { code_point: codePoint(hidden) });
    const name = path[path.length - 1];
    if (path[0] === "links" && name === "url") linkProblem(text, path, add);
    if ((name === "description" || name === "summary") && /[(<]|\]:/.test(text)) {
      for (const match of allMatches(MARKDOWN_LINK, text)) {
        const target = decodeEntities(match.slice(1).find(Boolean));
        // //host/x: another site, with no scheme said
        if (/^\s*(?:[/\\]{2}|\/\\)/.test(target)) add(path, "rule.link_invalid", { url: target });
        else if (/^\s*[a-zA-Z][a-zA-Z0-9+.-]*:/.test(target)) linkProblem(target, path, add);
      }
    }
  }

  scheduleProblems(record.schedule || {}, data, add);
  if (record.venue && FORMS_WITHOUT_VENUE.includes(record.form)) add(["venue"], "rule.venue_not_used");
  const cost = record.cost || {};
  if (cost.free === "ja" && cost.price_dkk) add(["cost", "price_dkk"], "rule.price_but_free");

  const postcode = ((record.venue || {}).address || {}).postcode;
  if (typeof postcode === "string" && /^[0-9]{4}$/.test(postcode) && !record.area) {
    const areas = data.postcodes[postcode] || [];
    if (!areas.length) add(["venue", "address", "postcode"], "rule.postcode_unknown", { postcode });
    if (areas.length > 1) {
      const names = areas.map((id) => data.areas[id]).join(", ");
      add(["area"], "rule.postcode_ambiguous", { postcode, areas: names });
    }
  }

  const contacts = Array.isArray(record.contacts) ? record.contacts : [];
  if (!consentGiven && contacts.some((c) => c.consent === "ja")) add(["consent"], "rule.consent_missing");
  refusedContactsInText(record, contacts, consentGiven, add);
  return found;
}

/** Every match of a global pattern (String.matchAll is newer than the iPads we serve). */
function allMatches(pattern, text) {
  const found = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    found.push(match);
    if (match[0] === "") pattern.lastIndex += 1;
  }
  return found;
}

function strings(record) {
  const out = [];
  const walk = (node, path) => {
    if (typeof node === "string") out.push([path, node]);
    else if (Array.isArray(node)) node.forEach((item, i) => walk(item, path.concat([i])));
    else if (node && typeof node === "object") for (const key of Object.keys(node)) walk(node[key], path.concat([key]));
  };
  walk(record, []);
  return out;
}

function codePoint(character) {
  return `U+${character.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}

// --- reading text as it is seen (privacy.py: fold and readings) -----------------------------

const FORMAT_CHARACTER = /\p{Cf}/u;
/** Variation selectors (an emoji's look, U+FE0F) say nothing a reader reads: dropped before matching. */
const VARIATION_SELECTOR = /[\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/u;
const DASH = /[\p{Pd}\u2212]/u; // and the minus sign
const SPACE = /[\s\x1c-\x1f\x85]/; // what Python's str.isspace() calls white space
const DECIMAL_DIGIT = /\p{Nd}/u;
const PICTOGRAPH = /[\p{So}\p{Sk}]/u;
const ALNUM = /[\p{L}\p{N}]/u;
const folded = new Map();

/** One character as a reader sees it: "" for a format character or a variation selector, ASCII
 *  for a digit (superscript, circled, of any script and plane), "-" for a dash. */
function foldChar(char) {
  let out = folded.get(char);
  if (out !== undefined) return out;
  out = "";
  if (!FORMAT_CHARACTER.test(char) && !VARIATION_SELECTOR.test(char)) {
    for (const c of char.normalize("NFKC")) {
      if (DASH.test(c)) out += "-";
      else if (SPACE.test(c)) out += " ";
      else if (c > "\x7f" && DECIMAL_DIGIT.test(c)) out += decimal(c);
      else out += c;
    }
  }
  if (folded.size < 4096) folded.set(char, out);
  return out;
}

/** A decimal digit's value: Unicode gives each script's digits 0 to 9 as ten code points in a row. */
function decimal(digit) {
  const at = digit.codePointAt(0);
  let first = at;
  while (first > 0 && DECIMAL_DIGIT.test(String.fromCodePoint(first - 1))) first -= 1;
  return String((at - first) % 10);
}

/** ``text`` as a reader sees it (NFKC, every dash "-", every run of white space one " ", every
 *  digit ASCII, format characters and variation selectors dropped), and for each UTF-16 unit of the result the offset
 *  in ``text`` it came from. The browser's twin of privacy.fold. */
export function fold(text) {
  let out = "";
  const offsets = [];
  let index = 0;
  for (const char of text) {
    for (let c of char > "\x7f" ? foldChar(char) : char) {
      if (SPACE.test(c)) {
        if (out.endsWith(" ")) continue;
        c = " ";
      }
      out += c;
      for (let i = 0; i < c.length; i += 1) offsets.push(index);
    }
    index += char.length;
  }
  return { text: out, offsets };
}

/** The text and what it shows once decoded: HTML entities (Markdown renders them),
 *  percent-encoding (a link's target), each decoded again while that changes it, and each of
 *  these without Markdown's and HTML's markup (a backslash escape, an HTML comment or tag,
 *  emphasis or a link's brackets can split a number that the reader sees whole). */
function readings(text) {
  const seen = [text];
  const todo = [text];
  while (todo.length) {
    const current = todo.pop();
    const decoded = [
      current.indexOf("&") >= 0 ? decodeEntities(current) : current,
      current.indexOf("%") >= 0 ? unquote(current) : current,
      MARKUP_HINT.test(current) ? withoutMarkup(current) : current,
    ];
    for (const reading of decoded) {
      if (!seen.includes(reading) && seen.length < 12) {
        seen.push(reading);
        todo.push(reading);
      }
    }
  }
  return seen;
}

const MARKUP_HINT = /[\\<*_`~[]/;
/** What Markdown and HTML take away before a reader sees the text: comments, tags, a link's
 *  target after its text, backslashes before punctuation, emphasis and code marks. Bounded per
 *  match, so a long text is read in linear time. (privacy._MARKUP; Python's "$" also stands
 *  before a last line feed, hence the lookahead.) */
const MARKUP = new RegExp(
  "<!--(?:(?!-->)[\\s\\S]){0,2000}(?:-->|(?=\\n?$))|<[^<>]{0,300}>|\\]\\([^()" + PY_SPACE + "]{0,500}\\)" +
    "|\\\\(?=[!-/:-@[-`{-~])|[*_`~[\\]]",
  "g",
);

function withoutMarkup(text) {
  return text.replace(MARKUP, "");
}

/** Character references decoded as a browser reads them in text (Python: html.unescape). */
function decodeEntities(text) {
  // A textarea's content is text to the parser: references are decoded, tags are not made.
  // With every "<" written as &lt; the text cannot end the textarea either, and the parsed
  // document is not the page: no script runs in it and nothing is loaded. The parser drops
  // one newline after <textarea>, so one is given to it.
  const doc = new DOMParser().parseFromString("<textarea>\n" + text.replace(/</g, "&lt;"), "text/html");
  return doc.querySelector("textarea").value;
}

/** Percent-encoding decoded as UTF-8, a broken sequence as U+FFFD (Python: urllib.parse.unquote). */
function unquote(text) {
  return text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let i = 0; i < bytes.length; i += 1) bytes[i] = parseInt(run.substr(i * 3 + 1, 2), 16);
    return new TextDecoder("utf-8").decode(bytes);
  });
}

/** Lower case for comparing, as Python's str.casefold() for the letters Danish text meets. */
function casefold(text) {
  return text.toLowerCase().replace(/ß/g, "ss");
}

// --- CPR numbers and hidden characters --------------------------------------------------------

/** A CPR-like number in ``text`` however it is written, masked ("010203-XXXX"), or null. */
export function findCpr(text) {
  if (!CPR) throw new Error("useRules first");
  // no digit of any script, no superscript or circled digit, no entity, no percent-encoding
  if (!/[\p{N}&%]/u.test(text)) return null;
  for (const reading of readings(text)) {
    for (const match of allMatches(CPR, fold(reading).text)) {
      const [day, month, year] = match.slice(2, 5).map(Number);
      for (const century of [1900, 2000]) {
        const date = new Date(Date.UTC(century + year, month - 1, day));
        if (date.getUTCMonth() === month - 1 && date.getUTCDate() === day) return `${match[2]}${match[3]}${match[4]}-XXXX`;
      }
    }
  }
  return null;
}

/** The first hidden character in ``text``, or null; a zero-width joiner between two pictographs
 *  is part of an emoji (a family: woman, ZWJ, woman, ZWJ, girl), not hidden text. */
export function hiddenCharacter(text) {
  if (!HIDDEN) throw new Error("useRules first");
  for (const match of allMatches(HIDDEN, text)) {
    const at = match.index;
    if (match[0] === ZWJ && pictograph(codePointBefore(text, at)) && pictograph(text.codePointAt(at + 1))) continue;
    return match[0];
  }
  return null;
}

function pictograph(point) {
  return point !== undefined && (point >= 0x1f000 || point === 0xfe0f || PICTOGRAPH.test(String.fromCodePoint(point)));
}

function codePointBefore(text, index) {
  if (index < 1) return undefined;
  const low = text.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.codePointAt(index - 2);
  }
  return low;
}

// --- links and times --------------------------------------------------------------------------

function linkProblem(url, path, add) {
  const trimmed = url.trim();
  const scheme = (/^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(trimmed) || [])[1];
  const lower = scheme ? scheme.toLowerCase() : "";
  if (!lower || ((lower === "https" || lower === "http") && !/^[a-zA-Z]+:\/\/[^/?#\s]/.test(trimmed))) {
    add(path, "rule.link_invalid", { url });
  } else if (lower !== "http" && !SAFE_SCHEMES.includes(lower)) {
    add(path, "rule.link_scheme", { url, scheme });
  }
}

// --- the schedule ---------------------------------------------------------------------------

/** content_rules: _end_after_start, _one_time_or_times, _weeks_of_month_used, _season, and the
 *  first question of _meets_at_all (every month paused); whether a rule ever meets at all takes
 *  the occurrence engine, and is the validator's. */
function scheduleProblems(schedule, data, add) {
  const named = (key) => data.fields.find((f) => f.path.join("/") === `schedule/${key}`) || { name: key, options: [] };
  const start = time(schedule.start);
  const end = time(schedule.end);
  if (start && end && end <= start) add(["schedule", "end"], "rule.end_before_start", { start, end });
  const times = Array.isArray(schedule.times) ? schedule.times : [];
  times.forEach((slot, index) => {
    const [from, to] = [time((slot || {}).start), time((slot || {}).end)];
    if (!from || !to || to > from) return;
    const problem = format(data.texts["rule.end_before_start"], { start: from, end: to });
    const name = ((named("times").items || {}).end || {}).title || "end";
    add(["schedule", "times", index, "end"], "error.item", { line: index + 1, name, problem });
  });

  const frequency = schedule.frequency;
  const withWeekdays = frequency !== FREQUENCY.dates && frequency !== FREQUENCY.by_appointment;
  if (schedule.times !== undefined && withWeekdays) {
    for (const key of ["weekdays", "start", "end"]) {
      if (schedule[key] !== undefined) add(["schedule", key], "rule.times_and_one_time", { times: named("times").name });
    }
  }
  if (frequency !== FREQUENCY.monthly && schedule.weeks_of_month !== undefined) {
    const monthly = named("frequency").options.find((option) => option[0] === FREQUENCY.monthly);
    const words = { monthly: monthly ? monthly[1] : FREQUENCY.monthly, frequency: named("frequency").name };
    add(["schedule", "weeks_of_month"], "rule.weeks_of_month_unused", words);
  }
  const [first, last] = [isoDate(schedule.season_start), isoDate(schedule.season_end)];
  if (first && last && last < first) add(["schedule", "season_end"], "rule.season_backwards", { start: first, end: last });
  const paused = Array.isArray(schedule.pause_months) ? schedule.pause_months : [];
  if (knowsItsDays(schedule) && MONTHS.every((month) => paused.includes(month))) {
    add(["schedule", "pause_months"], "rule.always_paused");
  }
}

/** Whether the schedule names concrete days (occurrences.knows_its_days): by arrangement does not,
 *  nor every other week without its weeks. */
function knowsItsDays(schedule) {
  if (!schedule.frequency || schedule.frequency === FREQUENCY.by_appointment) return false;
  if (schedule.frequency === FREQUENCY.fortnightly) return Boolean(schedule.week_parity || schedule.first_date);
  return true;
}

/** ÅÅÅÅ-MM-DD naming a day that exists, else "" (the schema names that). */
function isoDate(text) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typeof text === "string" ? text : "");
  if (!match) return "";
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? text : "";
}

/** "8.30" or "8:30" -> "08:30"; "" for anything else (the schema names that). */
function time(text) {
  const match = /^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$/.exec(typeof text === "string" ? text : "");
  return match ? `${match[1].padStart(2, "0")}:${match[2]}` : "";
}

// --- a refused contact's phone, e-mail and name (privacy.Refused) ------------------------------

/** A Danish phone number's eight digits, without +45 or 0045. */
function phoneDigits(phone) {
  return fold(phone).text.replace(/[^0-9]/g, "").slice(-8);
}

/** The phone numbers, e-mails and full names of contacts who did not agree to be published. */
export class Refused {
  constructor() {
    this.phones = new Map();
    this.emails = new Map();
    this.names = new Map();
  }

  add(owner, phone, email, name) {
    const digits = phoneDigits(phone || "");
    if (digits.length === 8 && !this.phones.has(digits)) this.phones.set(digits, owner);
    const mail = casefold(fold(email || "").text.trim());
    if (mail && !this.emails.has(mail)) this.emails.set(mail, owner);
    const words = casefold(fold(name || "").text).split(" ").filter(Boolean).join(" ");
    // a full name; "Lone" alone is too common
    if (words.indexOf(" ") > 0 && words.length >= 5 && !this.names.has(words)) this.names.set(words, owner);
  }

  get size() {
    return this.phones.size + this.emails.size + this.names.size;
  }

  /** [what was found as written, its owner] for the first refused value in ``text``, or null. */
  find(text) {
    const all = readings(text);
    for (let index = 0; index < all.length; index += 1) {
      const { text: seen, offsets } = fold(all[index]);
      const found = this.findFolded(seen);
      if (found) {
        const [value, owner, start, end] = found;
        if (index === 0 && start >= 0 && end > start && end <= offsets.length) {
          const last = offsets[end - 1];
          return [text.slice(offsets[start], last + (text.codePointAt(last) > 0xffff ? 2 : 1)), owner];
        }
        return [value, owner];
      }
    }
    return null;
  }

  /** [value, owner, start, end] in folded text; start and end are -1 where it had to be rewritten to be found. */
  findFolded(seen) {
    if (this.phones.size) {
      for (const match of allMatches(DIGIT_RUN, seen)) {
        const digits = match[0].replace(/[^0-9]/g, "");
        if (digits.length < 8) continue;
        for (const [phone, owner] of this.phones) {
          if (digits.indexOf(phone) >= 0) return [phone, owner, match.index, match.index + match[0].length];
        }
      }
    }
    const lowered = casefold(seen);
    const same = lowered.length === seen.length; // then an offset in one is an offset in the other
    if (this.emails.size && (lowered.indexOf("@") >= 0 || lowered.indexOf("at") >= 0 || lowered.indexOf("snabel") >= 0)) {
      const plain = lowered.replace(OBFUSCATED_AT, "@").replace(OBFUSCATED_DOT, ".");
      const squeezed = plain.replace(/ /g, "");
      for (const [email, owner] of this.emails) {
        const at = plain.indexOf(email);
        if (at >= 0 && same && plain === lowered) return [email, owner, at, at + email.length];
        if (at >= 0 || squeezed.indexOf(email) >= 0) return [email, owner, -1, -1];
      }
    }
    const names = lowered.replace(NAME_SEPARATORS, " "); // "Hanne-Jensen", "Jensen, Hanne"
    for (const [name, owner] of this.names) {
      const at = same ? wholeWords(lowered, name) : -1;
      if (at >= 0) return [name, owner, at, at + name.length];
      const words = name.split(" ");
      const reversed = words.slice(1).concat(words.slice(0, 1)).join(" ");
      if (wholeWords(names, name) >= 0 || wholeWords(names, reversed) >= 0) return [name, owner, -1, -1];
    }
    return null;
  }
}

/** Where ``words`` stand in ``text`` as whole words (no letter or digit either side), or -1. */
function wholeWords(text, words) {
  for (let start = text.indexOf(words); start >= 0; start = text.indexOf(words, start + 1)) {
    const end = start + words.length;
    if ((start === 0 || !ALNUM.test(text[start - 1])) && (end === text.length || !ALNUM.test(text[end]))) return start;
  }
  return -1;
}

/** A contact's own phone, e-mail or name (contacts[0].phone): the one place it may stand. */
function contactDetail(path) {
  const owner = path[0] === "contacts" || path[0] === "contact";
  return path.length >= 2 && owner && CONTACT_DETAILS.includes(path[path.length - 1]);
}

/** The phone, e-mail or full name of a contact who did not agree, anywhere else in the record, however written. */
function refusedContactsInText(record, contacts, consentGiven, add) {
  const refused = new Refused();
  for (const contact of contacts) {
    if (contact.consent === "ja" && consentGiven) continue;
    refused.add(contact, str(contact.phone), str(contact.email), str(contact.name));
  }
  if (!refused.size) return;
  // a consenting contact cannot publish what another refused
  contacts.forEach((contact, index) => {
    if (contact.consent !== "ja" || !consentGiven) return;
    for (const key of ["phone", "email"]) {
      const found = refused.find(str(contact[key]));
      if (found && found[1] !== contact) {
        add(["contacts", index, key], "rule.refused_contact", { value: found[0], name: str(found[1].name) });
      }
    }
  });
  for (const [path, text] of strings(record)) {
    if (!path.length || (path.length === 1 && path[0] === "name") || contactDetail(path)) continue;
    const found = refused.find(text);
    if (found) add(path, "rule.refused_contact", { value: found[0], name: str(found[1].name) });
  }
}

function str(value) {
  return typeof value === "string" ? value : "";
}

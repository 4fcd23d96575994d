// The source panel: a cited document's stored text, scrolled to the passage, with exactly the cited
// span `text[start_char:end_char]` in a <mark>.

import { documentUrl, getJson } from "./api.js";
import { byId } from "./dom.js";
import { t } from "./i18n.js";
import { errorMessage, whereText } from "./render.js";

const texts = new Map(); // file → Promise of its DocumentText; cleared when documents change
let shown = 0; // the latest request, so a slow earlier one cannot overwrite it
let trigger = null; // the button that opened the panel, to give focus back on close

const panel = () => byId("source");

/** Forget fetched texts (a document was uploaded again or deleted). */
export function forgetTexts() {
  texts.clear();
}

function fetchText(file) {
  if (!texts.has(file)) {
    const pending = getJson(documentUrl(file, "/text"));
    pending.catch(() => texts.delete(file)); // a failure is not remembered: the next click retries
    texts.set(file, pending);
  }
  return texts.get(file);
}

/**
 * The server counts characters as Python does (code points); a JavaScript string counts UTF-16
 * units, so an emoji or a rare CJK character before the passage shifts every offset after it.
 */
function toUnits(text, codePoints) {
  if (!/[\uD800-\uDFFF]/.test(text)) return codePoints;
  let units = 0;
  let count = 0;
  for (const char of text) {
    if (count === codePoints) break;
    units += char.length;
    count += 1;
  }
  return units;
}

/** Where the quote is in `text`: at the cited offsets, or (the document changed) where found now. */
function locate(text, citation) {
  const start = toUnits(text, citation.start_char);
  const end = toUnits(text, citation.end_char);
  if (text.slice(start, end) === citation.quote) return { start, end, moved: false };
  const found = citation.quote ? text.indexOf(citation.quote) : -1;
  return found < 0 ? null : { start: found, end: found + citation.quote.length, moved: true };
}

export async function openSource(citation, opener) {
  const request = ++shown;
  trigger = opener ?? null;
  const status = byId("source-status");
  const body = byId("source-text");
  byId("source-title").textContent = citation.file;
  byId("source-where").textContent = whereText(citation);
  status.textContent = t("loadingDocument");
  body.replaceChildren();
  panel().dataset.state = "loading"; // "loading", then "shown" or "failed": for styles and tests
  panel().hidden = false;
  byId("layout").classList.add("with-source");
  byId("source-title").focus({ preventScroll: true });
  if (window.matchMedia("(max-width: 759px)").matches) panel().scrollIntoView({ block: "start" });

  let doc;
  try {
    doc = await fetchText(citation.file);
  } catch (error) {
    if (request !== shown) return;
    status.textContent = error.kind === "not-found" ? t("documentGone") : errorMessage(error);
    panel().dataset.state = "failed";
    return;
  }
  if (request !== shown) return;
  const place = locate(doc.text, citation);
  status.textContent = place === null ? t("passageMissing") : place.moved ? t("documentChanged") : "";
  if (place === null) {
    body.replaceChildren(doc.text);
  } else {
    const mark = document.createElement("mark");
    mark.textContent = doc.text.slice(place.start, place.end);
    body.replaceChildren(doc.text.slice(0, place.start), mark, doc.text.slice(place.end));
    mark.scrollIntoView({ block: "center" });
  }
  panel().dataset.state = "shown";
}

export function closeSource() {
  shown += 1;
  panel().hidden = true;
  byId("layout").classList.remove("with-source");
  if (trigger?.isConnected) trigger.focus();
  trigger = null;
}

export function initSources() {
  byId("source-close").addEventListener("click", closeSource);
  panel().addEventListener("keydown", (event) => {
    if (event.key === "Escape") closeSource();
  });
}

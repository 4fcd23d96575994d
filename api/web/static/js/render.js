// The conversation's pieces as DOM nodes: questions, the streamed draft, settled answers with
// their citation buttons and list, feedback, and errors. All untrusted text goes in as text nodes.

import { el, thumb } from "./dom.js";
import { t } from "./i18n.js";

export function renderQuestion(text) {
  return el("article", { class: "turn user" },
    el("h3", { class: "visually-hidden" }, t("you")),
    el("p", { class: "question-text" }, text));
}

/** The answer while it is being written: plain text, appended piece by piece. */
export function renderDraft() {
  const text = el("p", { class: "answer-text draft" });
  const node = el("article", { class: "turn assistant pending" },
    el("h3", { class: "visually-hidden" }, t("assistant")),
    el("p", { class: "writing" }, el("span", { class: "pulse", "aria-hidden": "true" }), t("writing")),
    text);
  return { node, append: (piece) => text.append(piece) };
}

/** "lines 3–4, page 2, section “Intro”": where a citation is, as precisely as known. */
export function whereText(citation) {
  const parts = [];
  const { start_line: start, end_line: end, page, page_end: pageEnd, section } = citation;
  parts.push(start === end ? t("line", { start }) : t("lines", { start, end }));
  if (page) parts.push(pageEnd && pageEnd !== page ? t("pages", { start: page, end: pageEnd }) : t("page", { start: page }));
  if (section) parts.push(t("section", { name: section }));
  return parts.join(", ");
}

function citeButton(citation, onCite, label) {
  return el("button", {
    type: "button", class: "cite", "data-ref": citation.ref,
    "aria-label": t("showSource", { ref: citation.ref, file: citation.file, where: whereText(citation) }),
    onclick: (event) => onCite(citation, event.currentTarget),
  }, label);
}

/** The answer text with each known `[n]` turned into a button opening that source. */
function withCitations(text, citations, onCite) {
  const byRef = new Map(citations.map((c) => [c.ref, c]));
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(/\[(\d+)\]/g)) {
    const citation = byRef.get(Number(match[1]));
    if (!citation) continue; // not a citation of this answer: leave the characters as they are
    nodes.push(text.slice(last, match.index), citeButton(citation, onCite, String(citation.ref)));
    last = match.index + match[0].length;
  }
  nodes.push(text.slice(last));
  return nodes;
}

/** The answer without the note it begins with (the note is shown apart). */
function splitNote(answer) {
  const { note, answer: text } = answer;
  if (note && text.startsWith(note)) return { note, body: text.slice(note.length).trimStart() };
  return { note, body: text };
}

function citationList(citations, onCite) {
  return el("section", { class: "citations", "aria-label": t("sources") },
    el("h4", { class: "citations-title" }, t("sources")),
    el("ol", {}, citations.map((c) => el("li", { class: "citation" },
      el("button", {
        type: "button", class: "cite-source", "data-ref": c.ref,
        onclick: (event) => onCite(c, event.currentTarget),
      },
      el("span", { class: "ref", "aria-hidden": "true" }, String(c.ref)),
      el("span", { class: "file" }, c.file),
      el("span", { class: "where" }, whereText(c))),
      // A table row's column names above it: "10 ans | 4" means something only under them.
      c.header ? el("div", { class: "columns" }, c.header) : null,
      el("blockquote", { class: "quote" }, c.quote)))));
}

/** A settled answer; `footer` (feedback) goes under it. */
export function renderAnswer(answer, { onCite, footer }) {
  const { note, body } = splitNote(answer);
  const node = el("article", {
    class: `turn assistant${answer.abstained ? " abstained" : ""}`, lang: answer.language || null,
  }, el("h3", { class: "visually-hidden" }, t("assistant")));
  if (answer.abstained) {
    node.append(el("p", { class: "abstained-label" },
      el("span", { class: "icon", "aria-hidden": "true" }, "ⓘ"), t("notInDocuments")));
  }
  if (note) node.append(el("p", { class: "note" }, note));
  node.append(el("p", { class: "answer-text" }, withCitations(body, answer.citations ?? [], onCite)));
  if (answer.citations?.length) node.append(citationList(answer.citations, onCite));
  if (footer) node.append(footer);
  return node;
}

/**
 * Helpful / not helpful, with an optional reason for the latter. `send(vote, reason)` posts it and
 * resolves when done; `vote` is the one already given (a reopened conversation shows it).
 */
export function renderFeedback(vote, send) {
  const status = el("span", { class: "feedback-status", role: "status" });
  const reason = el("input", { type: "text", id: `reason-${Math.random().toString(36).slice(2)}`, maxlength: 500 });
  const form = el("form", { class: "feedback-reason", hidden: true },
    el("label", { for: reason.id }, t("reasonLabel")), reason,
    el("button", { type: "submit" }, t("sendFeedback")));
  const choice = (name, label, icon) => el("button", {
    type: "button", class: "ghost vote", "data-vote": name, "aria-pressed": String(vote === name),
  }, icon, label);
  const helpful = choice("helpful", t("helpful"), thumb("up"));
  const notHelpful = choice("not_helpful", t("notHelpful"), thumb("down"));

  async function submit(name, text) {
    helpful.setAttribute("aria-pressed", String(name === "helpful"));
    notHelpful.setAttribute("aria-pressed", String(name === "not_helpful"));
    status.textContent = "";
    try {
      await send(name, text);
      form.hidden = true;
      status.textContent = t("thanks");
    } catch (error) {
      status.textContent = errorMessage(error);
    }
  }
  helpful.addEventListener("click", () => submit("helpful"));
  notHelpful.addEventListener("click", () => {
    notHelpful.setAttribute("aria-pressed", "true");
    helpful.setAttribute("aria-pressed", "false");
    form.hidden = false;
    reason.focus();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit("not_helpful", reason.value.trim() || undefined);
  });
  return el("div", { class: "feedback", role: "group", "aria-label": t("feedbackQuestion") },
    helpful, notHelpful, form, status);
}

/** What went wrong, in words that say what to do. */
export function errorMessage(error) {
  const detail = error.detail || error.message || "";
  switch (error.kind) {
    case "busy": return t("errBusy", { s: error.retryAfter ?? 1 });
    case "auth": return t("errKey");
    case "forbidden": return t("errForbidden", { detail });
    case "limited": return t("errLimited", { s: error.retryAfter ?? 1 });
    case "too-large": return t("errTooLarge", { detail });
    case "unsupported": return t("errUnsupported", { detail });
    case "network": return t("errNetwork");
    case "not-found": return t("errNotFound", { detail });
    default: return t("errOther", { detail });
  }
}

export function renderError(error, onRetry) {
  return el("div", { class: "turn error", role: "alert" },
    el("p", {}, errorMessage(error)),
    // An id only helps with a fault to report, not with "busy" or "no network".
    error.kind === "server" && error.requestId
      ? el("p", { class: "muted small" }, t("requestId", { id: error.requestId })) : null,
    onRetry ? el("button", { type: "button", class: "retry", onclick: onRetry }, t("retry")) : null);
}

export function renderStopped() {
  return el("p", { class: "turn stopped muted" }, t("stopped"));
}

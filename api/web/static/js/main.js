// The page: asking (streamed, then settled), the conversation list, and the API key form.

import { askStream, onKeyNeeded, sendFeedback } from "./api.js";
import * as store from "./conversations.js";
import { initDocuments, refreshDocuments } from "./documents.js";
import { byId, el } from "./dom.js";
import { t, translatePage } from "./i18n.js";
import {
  renderAnswer, renderDraft, renderError, renderFeedback, renderQuestion, renderStopped,
} from "./render.js";
import { closeSource, initSources, openSource } from "./sources.js";

const TITLE_CHARS = 80;

let current = store.create();
let asking = null; // the AbortController of the question being answered, if any

const log = byId("log");
const question = byId("question");
const sendButton = byId("send");

// ---- asking -------------------------------------------------------------------------------------

function setAsking(controller) {
  asking = controller;
  sendButton.textContent = controller ? t("stop") : t("send");
  sendButton.classList.toggle("stop", Boolean(controller));
  log.setAttribute("aria-busy", String(Boolean(controller)));
}

/** Time to the first streamed text and to the settled answer, readable by tests and devtools. */
function measure(name) {
  if (performance.getEntriesByName(name, "measure").length === 0) performance.measure(name, "rag:ask");
}

async function ask(text) {
  const conversation = current;
  const messages = [...store.history(conversation), { role: "user", content: text }];
  byId("welcome").hidden = true;
  const asked = renderQuestion(text);
  const draft = renderDraft();
  log.append(asked, draft.node);
  draft.node.scrollIntoView({ block: "nearest" });

  const controller = new AbortController();
  setAsking(controller);
  performance.clearMarks("rag:ask");
  performance.clearMeasures();
  performance.mark("rag:ask");
  try {
    const { answer, requestId } = await askStream(messages, {
      signal: controller.signal,
      onDelta(piece) {
        measure("rag:first-text");
        draft.append(piece);
        draft.node.scrollIntoView({ block: "nearest" });
      },
    });
    measure("rag:first-text");
    measure("rag:answer");
    conversation.turns.push({ role: "user", content: text },
      { role: "assistant", content: answer.answer, answer, requestId });
    conversation.title ||= text.slice(0, TITLE_CHARS);
    store.save(conversation);
    if (conversation === current) {
      const settled = answerNode(conversation, conversation.turns.length - 1);
      draft.node.replaceWith(settled);
      settled.scrollIntoView({ block: "nearest" });
      history.replaceState(null, "", `#${conversation.id}`); // a reload reopens it
    }
    renderHistory();
  } catch (error) {
    if (controller.signal.aborted) {
      draft.node.replaceWith(renderStopped());
    } else {
      const failed = renderError(error, () => {
        asked.remove();
        failed.remove();
        ask(text);
      });
      draft.node.replaceWith(failed);
      failed.scrollIntoView({ block: "nearest" });
    }
  } finally {
    if (asking === controller) setAsking(null);
  }
}

/** A stored assistant turn as a node, with feedback that posts the question it answered. */
function answerNode(conversation, index) {
  const turn = conversation.turns[index];
  const footer = renderFeedback(turn.vote, async (vote, reason) => {
    await sendFeedback({
      vote, reason, question: conversation.turns[index - 1]?.content, answer: turn.content,
      request_id: turn.requestId || undefined,
    });
    turn.vote = vote;
    if (store.get(conversation.id)) store.save(conversation);
  });
  // A turn stored without its Answer (an older or hand-edited entry) still shows its text.
  const answer = turn.answer ?? { answer: turn.content, abstained: false, citations: [] };
  return renderAnswer(answer, { onCite: openSource, footer });
}

// ---- conversations ------------------------------------------------------------------------------

function stopAsking() {
  asking?.abort();
}

function show(conversation) {
  stopAsking();
  closeSource();
  current = conversation;
  const nodes = conversation.turns.map((turn, index) => (turn.role === "user"
    ? renderQuestion(turn.content) : answerNode(conversation, index)));
  log.replaceChildren(byId("log-title"), byId("welcome"), ...nodes);
  byId("welcome").hidden = nodes.length > 0;
  renderHistory();
  collapseHistory();
}

function startNew() {
  show(store.create());
  history.replaceState(null, "", location.pathname);
  question.focus();
}

function openConversation(id) {
  const conversation = store.get(id);
  if (!conversation) return;
  show(conversation);
  history.replaceState(null, "", `#${id}`);
  question.focus();
}

function deleteConversation(id) {
  store.remove(id);
  if (current.id === id) startNew();
  else renderHistory();
}

function renderHistory() {
  const conversations = store.list();
  byId("history-empty").hidden = conversations.length > 0;
  byId("history-list").replaceChildren(...conversations.map((c) => {
    const title = c.title || t("untitled");
    return el("li", { class: "history-item" },
      el("button", {
        type: "button", class: "history-open", title,
        "aria-current": c.id === current.id ? "true" : null, onclick: () => openConversation(c.id),
      }, title),
      el("button", {
        type: "button", class: "ghost history-delete",
        "aria-label": t("deleteConversation", { title }), onclick: () => deleteConversation(c.id),
      }, el("span", { "aria-hidden": "true" }, "×")));
  }));
}

/** On a narrow screen the list is a drop-down under the top bar. */
function collapseHistory() {
  byId("layout").classList.remove("show-history");
  byId("history-toggle").setAttribute("aria-expanded", "false");
}

// ---- the API key form ---------------------------------------------------------------------------

/** Ask for the server's key in a small modal form; resolves to the key, or null on cancel. */
function keyForm(wrong) {
  const dialog = byId("key-dialog");
  const form = byId("key-form");
  const input = byId("key-input");
  byId("key-error").hidden = !wrong;
  input.value = "";
  return new Promise((resolve) => {
    const finish = (key) => {
      form.removeEventListener("submit", submitted);
      dialog.removeEventListener("cancel", cancelled);
      byId("key-cancel").removeEventListener("click", cancelled);
      if (dialog.open) dialog.close();
      resolve(key);
    };
    const submitted = (event) => {
      event.preventDefault();
      finish(input.value.trim() || null);
    };
    const cancelled = (event) => {
      event.preventDefault();
      finish(null);
    };
    form.addEventListener("submit", submitted);
    dialog.addEventListener("cancel", cancelled); // Escape
    byId("key-cancel").addEventListener("click", cancelled);
    dialog.showModal();
    input.focus();
  });
}

// ---- start --------------------------------------------------------------------------------------

function start() {
  translatePage();
  onKeyNeeded(keyForm);
  initSources();
  initDocuments((documents) => {
    byId("welcome-documents").textContent = t("documentCount", { n: documents.length });
  });

  byId("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    if (asking) {
      stopAsking();
      return;
    }
    const text = question.value.trim();
    if (!text) return;
    question.value = "";
    ask(text);
  });
  question.addEventListener("keydown", (event) => {
    // Enter sends, Shift+Enter is a new line; not while an input method is composing (Chinese).
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      byId("composer").requestSubmit();
    }
  });
  byId("new-conversation").addEventListener("click", startNew);
  byId("history-toggle").addEventListener("click", (event) => {
    const open = byId("layout").classList.toggle("show-history");
    event.currentTarget.setAttribute("aria-expanded", String(open));
    if (open) byId("history").querySelector("button")?.focus();
  });
  byId("history").addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !byId("layout").classList.contains("show-history")) return;
    collapseHistory();
    byId("history-toggle").focus();
  });

  const saved = location.hash.length > 1 ? store.get(decodeURIComponent(location.hash.slice(1))) : null;
  show(saved ?? current);
  refreshDocuments(); // also asks for the key at once when the server needs one
  question.focus();
}

start();

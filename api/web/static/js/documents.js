// The documents panel: what is indexed, uploading files (with the indexing job's progress), and
// deleting a document after an inline confirmation.

import { documentUrl, getJson, request } from "./api.js";
import { byId, el } from "./dom.js";
import { formatDate, t } from "./i18n.js";
import { errorMessage } from "./render.js";
import { forgetTexts } from "./sources.js";

const POLL_MS = 400;
let onChange = () => {};
/** The document whose deletion awaits an answer: a fresh list keeps the question open. */
let confirming = null;

const count = (value) => (Array.isArray(value) ? value.length : Number(value) || 0);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fetch and show the list; resolves to the documents (or null when it failed). */
export async function refreshDocuments() {
  const status = byId("documents-status");
  try {
    const { documents } = await getJson("/documents");
    renderList(documents);
    status.textContent = documents.length ? "" : t("noDocuments");
    onChange(documents);
    return documents;
  } catch (error) {
    status.textContent = errorMessage(error);
    return null;
  }
}

function renderList(documents) {
  const list = byId("document-list");
  // The list is refreshed whenever the panel opens or a job ends, possibly while a deletion is being
  // confirmed: the question stays, with the keyboard where it was.
  const hadFocus = list.contains(document.activeElement);
  if (!documents.some((doc) => doc.path === confirming)) confirming = null;
  list.replaceChildren(...documents.map((doc) => {
    const actions = el("div", { class: "document-actions" });
    const item = el("li", { class: "document", "data-path": doc.path },
      el("div", { class: "document-info" },
        el("span", { class: "document-name" }, doc.path),
        el("span", { class: "muted small" },
          [t("chunks", { n: doc.chunks }), t("indexedAt", { date: formatDate(doc.indexed_at) })].join(" · "))),
      actions);
    if (doc.path === confirming) confirmDelete(actions, doc.path, hadFocus);
    else showDeleteButton(actions, doc.path);
    return item;
  }));
}

function showDeleteButton(actions, path) {
  const button = el("button", {
    type: "button", class: "ghost danger delete", "aria-label": t("deleteNamed", { file: path }),
    onclick: () => confirmDelete(actions, path),
  }, t("delete"));
  actions.replaceChildren(button);
  if (confirming === path) confirming = null;
  return button;
}

/** Deleting cannot be undone, so the button turns into a question with its own two buttons. */
function confirmDelete(actions, path, focus = true) {
  confirming = path;
  const cancel = el("button", {
    type: "button", class: "ghost", onclick: () => showDeleteButton(actions, path).focus(),
  }, t("cancel"));
  actions.replaceChildren(
    el("span", { class: "confirm-text", role: "alert" }, t("confirmDelete", { file: path })),
    el("button", { type: "button", class: "danger confirm-delete", onclick: () => remove(path) }, t("delete")),
    cancel);
  if (focus) cancel.focus(); // the safe choice is the one under the keyboard
}

async function remove(path) {
  confirming = null;
  const status = byId("upload-status");
  try {
    await request(documentUrl(path), { method: "DELETE" });
    status.replaceChildren(t("deleted", { file: path }));
  } catch (error) {
    status.replaceChildren(errorMessage(error));
  }
  forgetTexts();
  await refreshDocuments();
  byId("upload-button").focus();
}

async function upload(files) {
  const status = byId("upload-status");
  const form = new FormData();
  for (const file of files) form.append("files", file);
  status.replaceChildren(t("uploading", { n: files.length }));
  try {
    const { job } = await (await request("/documents", { method: "POST", body: form })).json();
    await follow(job, status);
  } catch (error) {
    status.replaceChildren(el("span", { class: "error-text" }, errorMessage(error)));
  }
  forgetTexts();
  await refreshDocuments();
}

/** Poll the indexing job until it ends, showing files done / total, then what was added or skipped. */
async function follow(job, status) {
  for (;;) {
    const state = await getJson(`/documents/jobs/${encodeURIComponent(job)}`);
    if (state.state === "done" || state.state === "failed") {
      const lines = [];
      if (state.state === "failed") {
        lines.push(el("span", { class: "error-text" }, t("jobFailed", { detail: state.detail ?? "" })));
      } else {
        lines.push(t("indexed", { added: count(state.added), updated: count(state.updated), chunks: state.chunks ?? 0 }));
      }
      const skipped = (state.skipped ?? []).map((s) => el("li", {}, t("skipped", { file: s.file, reason: s.reason })));
      if (skipped.length) lines.push(el("ul", { class: "skipped" }, skipped));
      status.replaceChildren(...lines);
      return;
    }
    status.replaceChildren(state.state === "queued" ? t("queued")
      : t("indexing", { done: state.files_done ?? 0, total: state.files_total ?? 0 }));
    await sleep(POLL_MS);
  }
}

/** Wire the panel; `changed(documents)` hears every fresh list (the welcome text shows a count). */
export function initDocuments(changed) {
  onChange = changed;
  const dialog = byId("documents-dialog");
  const input = byId("upload-input");
  byId("open-documents").addEventListener("click", () => {
    dialog.showModal();
    refreshDocuments();
  });
  byId("documents-close").addEventListener("click", () => dialog.close());
  byId("upload-button").addEventListener("click", () => input.click());
  input.addEventListener("change", () => {
    const files = [...input.files];
    input.value = ""; // so choosing the same file again (after editing it) uploads it again
    if (files.length) upload(files);
  });
}

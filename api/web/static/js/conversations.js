// Past conversations, kept in this browser's localStorage (never sent anywhere but with a question).
//
// A conversation is {id, title, updated, turns}; a turn is {role: "user", content} or
// {role: "assistant", content, answer, requestId, vote}, where `content` is the settled answer's
// text: that is what a follow-up sends back as history, and `answer` is what is shown again.

const STORAGE = "rag.conversations";
const KEEP = 50; // the oldest beyond this are dropped, so storage cannot fill up over months

function readAll() {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE) ?? "[]");
    return Array.isArray(stored) ? stored.filter((c) => c && c.id && Array.isArray(c.turns)) : [];
  } catch {
    return []; // unreadable (edited by hand, another version): start afresh rather than break
  }
}

function writeAll(conversations) {
  try {
    localStorage.setItem(STORAGE, JSON.stringify(conversations.slice(0, KEEP)));
  } catch {
    // storage full or disabled (private mode): the conversation still works, it is just not kept
  }
}

/** Saved conversations, most recent first. */
export function list() {
  return readAll().sort((a, b) => b.updated - a.updated);
}

export function get(id) {
  return readAll().find((c) => c.id === id) ?? null;
}

export function create() {
  const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  return { id, title: "", updated: Date.now(), turns: [] };
}

export function save(conversation) {
  conversation.updated = Date.now();
  writeAll([conversation, ...readAll().filter((c) => c.id !== conversation.id)]);
}

export function remove(id) {
  writeAll(readAll().filter((c) => c.id !== id));
}

/** What `/chat` gets as history: every turn as {role, content}. */
export function history(conversation) {
  return conversation.turns.map(({ role, content }) => ({ role, content }));
}

// The HTTP client: the bearer key, errors a person can act on, and the `/chat` event stream.

const KEY_STORAGE = "rag.apiKey";

/** A failed request, sorted by what the user can do about it (`kind`). */
export class ApiError extends Error {
  constructor(kind, detail, { status = 0, retryAfter = null, requestId = null } = {}) {
    super(detail || kind);
    this.kind = kind; // "auth" | "forbidden" | "busy" | "limited" | "too-large" | "unsupported" | "not-found" | "network" | "server"
    this.detail = detail || "";
    this.status = status;
    this.retryAfter = retryAfter;
    this.requestId = requestId;
  }
}

let askForKey = null;
let pendingKey = null;

/**
 * Register the page's key form: `ask(wrong)` resolves to a key, or null when the user gives up.
 * Requests that meet a 401 at the same time share one form instead of opening several.
 */
export function onKeyNeeded(ask) {
  askForKey = ask;
}

function keyFromUser(wrong) {
  pendingKey ??= askForKey(wrong).finally(() => { pendingKey = null; });
  return pendingKey;
}

/** A `fetch` of this server that adds the key, asks for one on a 401, and throws ApiError. */
export async function request(path, init = {}) {
  for (;;) {
    const key = sessionStorage.getItem(KEY_STORAGE);
    const headers = new Headers(init.headers);
    if (key) headers.set("Authorization", `Bearer ${key}`);
    let response;
    try {
      response = await fetch(path, { ...init, headers });
    } catch (error) {
      if (error.name === "AbortError") throw error;
      throw new ApiError("network", String(error.message || error));
    }
    if (response.status === 401 && askForKey) {
      const current = sessionStorage.getItem(KEY_STORAGE);
      if (current !== key) continue; // another request got a new key meanwhile: just resend
      if (key) sessionStorage.removeItem(KEY_STORAGE);
      const fresh = await keyFromUser(Boolean(key));
      if (fresh) {
        sessionStorage.setItem(KEY_STORAGE, fresh);
        continue;
      }
    }
    if (!response.ok) throw await errorOf(response);
    return response;
  }
}

/** The server's `{"detail"}` as one readable string (a 422 lists its fields). */
function detailText(detail) {
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) return detail.map((d) => `${(d.loc || []).join(".")}: ${d.msg}`).join("; ");
  return "";
}

async function errorOf(response) {
  let body = {};
  try {
    body = await response.json();
  } catch {
    // not JSON: a proxy's error page, say; the status alone has to do
  }
  const detail = detailText(body.detail) || `HTTP ${response.status}`;
  const requestId = body.request_id || response.headers.get("X-Request-ID");
  const status = response.status;
  const kind = { 401: "auth", 403: "forbidden", 404: "not-found", 413: "too-large",
    415: "unsupported", 429: "limited" }[status]
    ?? (status === 503 && response.headers.has("Retry-After") ? "busy" : "server");
  const retryAfter = Number.parseInt(response.headers.get("Retry-After") ?? "", 10);
  return new ApiError(kind, detail, {
    status, requestId, retryAfter: Number.isFinite(retryAfter) ? retryAfter : null,
  });
}

export async function getJson(path, init) {
  return (await request(path, init)).json();
}

export function postJson(path, body, init = {}) {
  return request(path, {
    ...init, method: "POST", body: JSON.stringify(body),
    headers: { "Content-Type": "application/json", ...init.headers },
  });
}

/** `/documents/{path}/text` for a path that may hold slashes and any character. */
export function documentUrl(path, suffix = "") {
  return `/documents/${path.split("/").map(encodeURIComponent).join("/")}${suffix}`;
}

/**
 * Ask with the whole conversation and stream the answer: `onDelta(text)` for each piece of the
 * draft; resolves to `{answer, requestId}` once the checked answer arrives.
 */
export async function askStream(messages, { signal, onDelta }) {
  const response = await postJson("/chat", { messages, stream: true }, {
    signal, headers: { Accept: "text/event-stream" },
  });
  const requestId = response.headers.get("X-Request-ID");
  let answer = null;
  // Read to the end of the stream (the answer is its last event) rather than cancelling it: a
  // cancelled request shows as failed in the browser's tools and loses its body there.
  for await (const { event, data } of serverEvents(response.body, signal)) {
    if (event === "delta" && answer === null) onDelta(JSON.parse(data).text ?? "");
    else if (event === "answer") answer = JSON.parse(data);
    else if (event === "error") {
      const body = JSON.parse(data);
      throw new ApiError("server", body.detail, { requestId: body.request_id || requestId });
    }
  }
  // The connection ended without an answer: the server went away mid-stream.
  if (answer === null) throw new ApiError("network", "the answer stream ended early", { requestId });
  return { answer, requestId };
}

/**
 * Server-sent events from a fetch body (EventSource cannot POST). Events end at a blank line;
 * `data` lines join with newlines; comment lines (`:`) are skipped.
 */
async function* serverEvents(body, signal) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer = (buffer + value).replace(/\r\n/g, "\n");
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = "message";
        const data = [];
        for (const line of block.split("\n")) {
          if (line.startsWith(":")) continue;
          const colon = line.indexOf(":");
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
          if (field === "event") event = value;
          else if (field === "data") data.push(value);
        }
        if (data.length) yield { event, data: data.join("\n") };
      }
    }
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError("network", String(error.message || error));
  } finally {
    // When the caller stops early (an error event, or it was aborted): free the connection.
    reader.cancel().catch(() => {});
  }
}

export function sendFeedback(feedback) {
  return postJson("/feedback", feedback);
}

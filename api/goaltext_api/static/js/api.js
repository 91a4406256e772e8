// Calls to the goaltext API. URLs are relative to the page, so the page works
// wherever the service is mounted. Errors become ApiError with a Danish message.

export class ApiError extends Error {
  constructor(message, status = 0) {
    super(message);
    this.name = "ApiError";
    this.status = status;
  }
}

/**
 * The Danish message from the service's error body
 * ({"error": {"code", "message_da", "message_en", "field", "error_id"}}),
 * else a Danish message for the status (e.g. from a proxy in front of it).
 */
export function errorMessage(body, status) {
  const error = body && typeof body === "object" && body.error && typeof body.error === "object" ? body.error : null;
  let text = typeof error?.message_da === "string" && error.message_da.trim() ? error.message_da.trim() : "";
  if (!text) {
    text =
      status >= 500
        ? `Tjenesten svarede med en fejl (HTTP ${status}). Prøv igen om lidt.`
        : `Tjenesten afviste forespørgslen (HTTP ${status}).`;
  }
  const id = typeof error?.error_id === "string" ? error.error_id : "";
  return id && !text.includes(id) ? `${text} Fejl-id: ${id}.` : text;
}

async function request(path, options) {
  let response;
  try {
    response = await fetch(path, { credentials: "same-origin", ...options });
  } catch (error) {
    if (error.name === "AbortError") {
      throw error;
    }
    throw new ApiError("Kunne ikke få forbindelse til goaltext-tjenesten. Tjek forbindelsen, og prøv igen.");
  }
  let body = null;
  const type = response.headers.get("content-type") || "";
  if (type.includes("json")) {
    try {
      body = await response.json();
    } catch (error) {
      if (error.name === "AbortError") {
        throw error;
      }
      body = null;
    }
  }
  if (!response.ok) {
    throw new ApiError(errorMessage(body, response.status), response.status);
  }
  if (body === null) {
    throw new ApiError("Tjenesten sendte et svar, siden ikke kan læse.", response.status);
  }
  return body;
}

/** POST JSON to a path relative to the page ("v1/analyze"). */
export function postJSON(path, payload, signal) {
  return request(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(payload),
    signal,
  });
}

/** GET JSON with query parameters; empty parameters are left out. */
export function getJSON(path, params = {}, signal) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") {
      query.set(key, String(value));
    }
  }
  const suffix = query.toString();
  return request(suffix ? `${path}?${suffix}` : path, { headers: { Accept: "application/json" }, signal });
}

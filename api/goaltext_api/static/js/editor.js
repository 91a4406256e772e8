// View 2, "Skriv et mål": analyse the goal as the trainee types. One request
// per pause (debounced); a newer keystroke aborts the request in flight, so
// only the latest text is ever shown. User Timing marks ("goaltext:input",
// "goaltext:request", "goaltext:rendered") let benchmarks/editor_latency.py
// and the browser's devtools measure the delay.

import { postJSON } from "./api.js";
import { DIMENSIONS, dimensionNames, el, renderDiffInline, renderHighlighted, renderVerdicts } from "./render.js";
import { applyEdits } from "./text.js";

export const DEBOUNCE_MS = 250;

export function setupEditor() {
  const input = document.getElementById("goal-input");
  const packageInput = document.getElementById("ctx-package");
  const intervalSelect = document.getElementById("ctx-interval");
  const result = document.getElementById("editor-result");
  const status = document.getElementById("editor-status");
  const errorBox = document.getElementById("editor-error");
  const body = document.getElementById("editor-body");
  const mirror = document.getElementById("editor-mirror");
  const verdicts = document.getElementById("editor-verdicts");
  const meter = document.getElementById("editor-score-meter");
  const score = document.getElementById("editor-score");
  const suggestions = document.getElementById("editor-suggestions");
  const length = document.getElementById("goal-length");
  const todo = document.getElementById("editor-todo");
  const numbers = new Intl.NumberFormat("da-DK");
  let timer = null;
  let controller = null;
  let analysedText = null; // the text the shown suggestions were made for
  let sequence = 0;
  let note = ""; // said once with the next update, e.g. which placeholder to fill
  const placeholders = new Set(); // from applied suggestions, e.g. "[antal]", until the writer fills them in

  function context() {
    const ctx = {};
    const currentPackage = packageInput.value.trim();
    if (currentPackage) {
      ctx.current_package = currentPackage;
    }
    if (intervalSelect.value) {
      ctx.follow_up_interval = intervalSelect.value;
    }
    return ctx;
  }

  function setStale(stale) {
    result.setAttribute("aria-busy", String(stale));
    for (const button of suggestions.querySelectorAll("button")) {
      button.disabled = stale;
    }
  }

  function showEmpty() {
    controller?.abort();
    analysedText = null;
    body.hidden = true;
    errorBox.hidden = true;
    setStale(false);
    status.textContent = "Skriv et mål for at se analysen.";
  }

  function renderSuggestions(text, list) {
    suggestions.replaceChildren();
    if (!list.length) {
      suggestions.append(el("li", { className: "empty-note", text: "Ingen forslag til dette mål." }));
      return;
    }
    list.forEach((suggestion, index) => {
      const preview = renderDiffInline(el("span", { className: "suggestion-preview" }), text, suggestion.text || "");
      const meta = [];
      if (suggestion.adds?.length) {
        meta.push(`Tilføjer: ${dimensionNames(suggestion.adds)}.`);
      }
      if (suggestion.needs_input?.length) {
        meta.push(`Du skal selv udfylde: ${suggestion.needs_input.join(", ")}.`);
      }
      const button = el(
        "button",
        { type: "button", className: "suggestion", "data-suggestion": suggestion.id ?? String(index) },
        el("span", { className: "suggestion-action", text: `Brug forslag ${index + 1}` }),
        el("span", { className: "suggestion-reason", text: suggestion.reason || "" }),
        preview,
        meta.length ? el("span", { className: "suggestion-meta", text: meta.join(" ") }) : null,
      );
      button.addEventListener("click", () => apply(suggestion));
      suggestions.append(el("li", {}, button));
    });
  }

  /** A rewrite with "[antal]" is not finished even when all three verdicts say yes: say what is left. */
  function showPlaceholders(text) {
    const left = [...placeholders].filter((placeholder) => text.includes(placeholder));
    todo.hidden = left.length === 0;
    todo.textContent = left.length ? `Målet er ikke færdigt: udfyld ${left.join(", ")}.` : "";
  }

  function render(analysis) {
    const text = analysis.text ?? input.value;
    renderHighlighted(mirror, text, analysis.spans || []);
    renderVerdicts(verdicts, analysis);
    const value = Number.isFinite(analysis.score) ? analysis.score : 0;
    meter.value = value;
    score.textContent = `${value} af 100`;
    renderSuggestions(text, Array.isArray(analysis.suggestions) ? analysis.suggestions : []);
    showPlaceholders(text);
    const met = DIMENSIONS.filter((d) => analysis.labels?.[d]?.value).length;
    status.textContent = `Opdateret: ${met} af 3 krav er opfyldt.${note ? ` ${note}` : ""}`;
    note = "";
    body.hidden = false;
    errorBox.hidden = true;
  }

  async function analyzeNow() {
    clearTimeout(timer);
    const text = input.value;
    if (!text.trim()) {
      showEmpty();
      return;
    }
    controller?.abort();
    controller = new AbortController();
    const mine = ++sequence;
    setStale(true);
    performance.clearMarks("goaltext:request");
    performance.mark("goaltext:request");
    try {
      const analysis = await postJSON("v1/analyze", { text, context: context() }, controller.signal);
      if (mine !== sequence) {
        return;
      }
      analysedText = text;
      render(analysis);
      setStale(false);
      performance.clearMarks("goaltext:rendered");
      performance.mark("goaltext:rendered");
    } catch (error) {
      if (error.name === "AbortError" || mine !== sequence) {
        return;
      }
      setStale(false);
      for (const button of suggestions.querySelectorAll("button")) {
        button.disabled = true; // they belong to an older text
      }
      errorBox.textContent = `Målet kunne ikke analyseres. ${error.message}`;
      errorBox.hidden = false;
      status.textContent = body.hidden ? "Ingen analyse endnu." : "Analysen herunder er ikke opdateret.";
    }
  }

  /** Characters as the service counts them (code points), so its limit means the same here. */
  function showLength() {
    const count = Array.from(input.value).length;
    length.textContent = `${numbers.format(count)} tegn`;
  }

  function schedule() {
    showLength();
    performance.clearMarks("goaltext:input");
    performance.mark("goaltext:input");
    clearTimeout(timer);
    if (!input.value.trim()) {
      showEmpty();
      return;
    }
    setStale(true);
    status.textContent = "Analyserer, når du holder en pause …";
    timer = setTimeout(analyzeNow, DEBOUNCE_MS);
  }

  /** Replace the whole text in a way the browser's undo (Ctrl+Z) can take back. */
  function replaceText(text) {
    input.focus();
    input.select();
    const done = typeof document.execCommand === "function" && document.execCommand("insertText", false, text);
    if (!done || input.value !== text) {
      input.value = text;
    }
  }

  function apply(suggestion) {
    if (input.value !== analysedText) {
      status.textContent = "Teksten er ændret, siden forslagene blev lavet. Vent på de nye forslag.";
      analyzeNow();
      return;
    }
    let text;
    try {
      text = applyEdits(analysedText, suggestion.edits || []);
    } catch (error) {
      errorBox.textContent = `Forslaget kunne ikke indsættes. ${error.message}`;
      errorBox.hidden = false;
      return;
    }
    replaceText(text);
    showLength();
    for (const placeholder of suggestion.needs_input || []) {
      placeholders.add(placeholder);
    }
    const placeholder = (suggestion.needs_input || []).find((p) => text.includes(p));
    if (placeholder) {
      const start = text.indexOf(placeholder);
      input.setSelectionRange(start, start + placeholder.length);
    } else {
      input.setSelectionRange(text.length, text.length);
    }
    note = placeholder
      ? `Forslaget er indsat. Udfyld ${placeholder}, der er markeret i teksten.`
      : "Forslaget er indsat.";
    status.textContent = "Forslaget er indsat. Analyserer …";
    analyzeNow();
  }

  input.addEventListener("input", schedule);
  packageInput.addEventListener("input", schedule);
  intervalSelect.addEventListener("change", schedule);
  document.getElementById("editor-form").addEventListener("submit", (event) => {
    event.preventDefault();
    analyzeNow();
  });

  showLength();
  if (input.value.trim()) {
    analyzeNow();
  }
}

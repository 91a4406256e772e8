// View 3, "Handout": the examples a trainer picked, good and bad side by side,
// ready to print on A4 (the print rules are in app.css).

import { qualityOf } from "./gallery.js";
import { el, renderAfter, renderHighlighted, renderLegend, renderVerdicts } from "./render.js";

/** The picked examples, in the order they were added. Kept in memory only. */
export function createHandoutStore() {
  const items = new Map();
  const listeners = [];
  const changed = () => listeners.forEach((listener) => listener());
  return {
    has: (id) => items.has(id),
    size: () => items.size,
    items: () => [...items.values()],
    add(list) {
      let added = 0;
      for (const item of list) {
        if (item && item.id !== undefined && !items.has(item.id)) {
          items.set(item.id, item);
          added += 1;
        }
      }
      if (added) {
        changed();
      }
      return added;
    },
    remove(id) {
      if (items.delete(id)) {
        changed();
      }
    },
    clear() {
      if (items.size) {
        items.clear();
        changed();
      }
    },
    onChange(listener) {
      listeners.push(listener);
    },
  };
}

function handoutItem(item, quality, onRemove) {
  const analysis = item.analysis || {};
  const text = typeof item.text === "string" ? item.text : analysis.text || "";
  const node = el("div", { className: `handout-item handout-${quality}`, "data-id": item.id, "data-quality": quality });
  if (item.area) {
    node.append(el("p", { className: "area", text: `Område: ${item.area}` }));
  }
  node.append(renderHighlighted(el("p", { className: "goal" }), text, analysis.spans || []));
  node.append(renderVerdicts(el("ul", { className: "verdicts" }), analysis, null, { explain: false }));
  if (quality === "bad" && item.suggestion && typeof item.suggestion.text === "string") {
    const rewrite = el(
      "p",
      { className: "handout-rewrite" },
      el("span", { className: "handout-rewrite-label", text: "Bedre: " }),
    );
    rewrite.append(renderAfter(el("span"), text, item.suggestion.text));
    node.append(rewrite);
  }
  node.append(
    el(
      "button",
      { type: "button", className: "handout-remove", onclick: () => onRemove(item.id) },
      "Fjern fra handout",
    ),
  );
  return node;
}

export function setupHandout(store) {
  const rows = document.getElementById("handout-rows");
  const head = document.getElementById("handout-head");
  const empty = document.getElementById("handout-empty");
  const legend = document.getElementById("handout-legend");
  const title = document.getElementById("handout-title");
  const titleInput = document.getElementById("handout-title-input");
  const status = document.getElementById("handout-status");
  const badge = document.getElementById("handout-count");
  const printButton = document.getElementById("print-handout");
  const clearButton = document.getElementById("clear-handout");

  function remove(id) {
    store.remove(id);
    status.textContent = `Eksemplet er fjernet. Handoutet har nu ${store.size()}.`;
    (rows.querySelector(".handout-remove") || titleInput).focus();
  }

  function render() {
    const items = store.items();
    const good = items.filter((item) => qualityOf(item) === "good");
    const bad = items.filter((item) => qualityOf(item) === "bad");
    rows.replaceChildren();
    for (let i = 0; i < Math.max(good.length, bad.length); i += 1) {
      rows.append(
        el(
          "div",
          { className: "handout-row" },
          good[i] ? handoutItem(good[i], "good", remove) : el("div", { className: "handout-item handout-none" }),
          bad[i] ? handoutItem(bad[i], "bad", remove) : el("div", { className: "handout-item handout-none" }),
        ),
      );
    }
    const hasItems = items.length > 0;
    empty.hidden = hasItems;
    head.hidden = !hasItems;
    legend.hidden = !hasItems;
    printButton.disabled = !hasItems;
    clearButton.disabled = !hasItems;
    badge.textContent = String(items.length);
  }

  titleInput.addEventListener("input", () => {
    title.textContent = titleInput.value.trim() || "Gode og dårlige målformuleringer";
  });
  printButton.addEventListener("click", () => window.print());
  clearButton.addEventListener("click", () => {
    store.clear();
    status.textContent = "Handoutet er tømt.";
  });
  renderLegend(document.getElementById("legend-handout"));
  store.onChange(render);
  render();
}

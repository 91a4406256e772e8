// View 1, "Eksempler": good and bad goals from the annotated corpus, filtered
// by dimension, area and quality, each with its spans, verdicts, explanations
// and, for bad ones, the suggested rewrite as a before/after diff.

import { getJSON } from "./api.js";
import { DIMENSIONS, renderDiffPair, renderHighlighted, renderLegend, renderVerdicts } from "./render.js";

const PAGE_SIZE = 12;

/** Good or bad, as the API says, else from the annotators' labels. */
export function qualityOf(item, dimension = "") {
  if (item.quality === "good" || item.quality === "bad") {
    return item.quality;
  }
  const labels = item.labels || item.analysis?.labels || {};
  const value = (d) => (typeof labels[d] === "object" && labels[d] !== null ? labels[d].value : labels[d]);
  const dims = dimension ? [dimension] : DIMENSIONS;
  return dims.every((d) => value(d) === true) ? "good" : "bad";
}

/** The annotators' labels as plain booleans (the API may send {value} objects). */
function goldOf(item) {
  if (!item.labels) {
    return null;
  }
  const gold = {};
  for (const d of DIMENSIONS) {
    const raw = item.labels[d];
    gold[d] = typeof raw === "object" && raw !== null ? raw.value : raw;
  }
  return gold;
}

export function setupGallery({ handout }) {
  const form = document.getElementById("example-filters");
  const gallery = document.getElementById("gallery");
  const count = document.getElementById("example-count");
  const errorBox = document.getElementById("examples-error");
  const more = document.getElementById("more-examples");
  const areaSelect = document.getElementById("filter-area");
  const addButton = document.getElementById("add-to-handout");
  const selectionStatus = document.getElementById("selection-status");
  const template = document.getElementById("card-template");
  const shown = new Map();
  let offset = 0;
  let total = 0;
  let controller = null;
  let serial = 0; // element ids come from a counter, not from corpus ids

  renderLegend(document.getElementById("legend-examples"));

  function filters() {
    const data = new FormData(form);
    return {
      dimension: data.get("dimension") || "",
      area: data.get("area") || "",
      quality: data.get("quality") || "",
    };
  }

  /** The area filter lists the areas the service names, in its order; the current choice stays chosen. */
  function updateAreas(areas) {
    const names = (areas || []).filter((area) => typeof area === "string" && area);
    const shownNames = [...areaSelect.options].slice(1).map((option) => option.value);
    if (!names.length || names.join("\n") === shownNames.join("\n")) {
      return;
    }
    const current = areaSelect.value;
    areaSelect.replaceChildren(areaSelect.options[0], ...names.map((area) => new Option(area, area)));
    if (current && !names.includes(current)) {
      areaSelect.append(new Option(current, current));
    }
    areaSelect.value = current;
  }

  function card(item, dimension) {
    const node = template.content.firstElementChild.cloneNode(true);
    const quality = qualityOf(item, dimension);
    const analysis = item.analysis || {};
    const text = typeof item.text === "string" ? item.text : analysis.text || "";
    node.classList.add(quality === "good" ? "card-good" : "card-bad");
    node.dataset.id = item.id;
    node.dataset.quality = quality;
    serial += 1;
    const headingId = `card-${serial}-title`;
    node.setAttribute("aria-labelledby", headingId);
    const qualityLabel = node.querySelector(".quality");
    qualityLabel.id = headingId;
    qualityLabel.textContent = quality === "good" ? "✓ Godt eksempel" : "✗ Kan blive bedre";
    node.querySelector(".area").textContent = item.area ? `Område: ${item.area}` : "";
    const box = node.querySelector(".pick-box");
    box.id = `pick-${serial}`;
    box.value = item.id;
    box.checked = handout.has(item.id);
    box.disabled = handout.has(item.id);
    const label = node.querySelector(".pick-label");
    label.htmlFor = box.id;
    label.textContent = handout.has(item.id) ? "I handoutet" : "Vælg til handout";
    renderHighlighted(node.querySelector(".goal"), text, analysis.spans || []);
    renderVerdicts(node.querySelector(".verdicts"), analysis, goldOf(item));
    const suggestion = item.suggestion;
    if (quality === "bad" && suggestion && typeof suggestion.text === "string") {
      const rewrite = node.querySelector(".rewrite");
      rewrite.hidden = false;
      rewrite.querySelector(".rewrite-reason").textContent = suggestion.reason || "";
      renderDiffPair(
        rewrite.querySelector(".diff-before"),
        rewrite.querySelector(".diff-after"),
        text,
        suggestion.text,
      );
    }
    return node;
  }

  function updateSelection() {
    const picked = gallery.querySelectorAll(".pick-box:checked:not(:disabled)").length;
    addButton.disabled = picked === 0;
    addButton.textContent = picked ? `Tilføj ${picked} til handout` : "Tilføj til handout";
  }

  async function load({ append = false } = {}) {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    const current = filters();
    if (!append) {
      offset = 0;
    }
    gallery.setAttribute("aria-busy", "true");
    count.textContent = "Henter eksempler …";
    errorBox.hidden = true;
    try {
      const body = await getJSON("v1/examples", { ...current, limit: PAGE_SIZE, offset }, mine.signal);
      const items = Array.isArray(body.items) ? body.items : [];
      total = Number.isInteger(body.total) ? body.total : items.length;
      updateAreas(body.areas);
      if (!append) {
        gallery.replaceChildren();
        shown.clear();
      }
      const firstNew = gallery.children.length;
      for (const item of items) {
        shown.set(item.id, item);
        gallery.append(card(item, current.dimension));
      }
      offset += items.length;
      more.hidden = offset >= total || items.length === 0;
      const skipped = Array.isArray(body.skipped_lines) ? body.skipped_lines.length : 0;
      count.textContent =
        (total
          ? `Viser ${shown.size} af ${total} ${total === 1 ? "eksempel" : "eksempler"}.`
          : "Ingen eksempler passer til filtrene. Prøv et andet område eller krav.") +
        (skipped ? ` ${skipped} ${skipped === 1 ? "linje" : "linjer"} i eksempelsamlingen kunne ikke læses.` : "");
      if (append && gallery.children[firstNew]) {
        gallery.children[firstNew].querySelector(".pick-box")?.focus();
      }
    } catch (error) {
      if (error.name === "AbortError") {
        return;
      }
      errorBox.textContent = `Eksemplerne kunne ikke hentes. ${error.message}`;
      errorBox.hidden = false;
      count.textContent = "";
    } finally {
      if (controller === mine) {
        gallery.setAttribute("aria-busy", "false");
        updateSelection();
      }
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    load();
  });
  form.addEventListener("change", () => load());
  more.addEventListener("click", () => load({ append: true }));
  gallery.addEventListener("change", (event) => {
    if (event.target.classList.contains("pick-box")) {
      updateSelection();
    }
  });
  addButton.addEventListener("click", () => {
    const boxes = [...gallery.querySelectorAll(".pick-box:checked:not(:disabled)")];
    // Keep the quality the card showed: with a dimension filter, "good" means good on that dimension.
    const items = boxes
      .filter((box) => shown.has(box.value))
      .map((box) => ({ ...shown.get(box.value), quality: box.closest(".card").dataset.quality }));
    const added = handout.add(items);
    for (const box of boxes) {
      box.disabled = true;
      box.nextElementSibling.textContent = "I handoutet";
    }
    const noun = added === 1 ? "eksempel" : "eksempler";
    selectionStatus.textContent = `${added} ${noun} tilføjet. Handoutet har nu ${handout.size()}.`;
    updateSelection();
  });
  handout.onChange(() => {
    for (const box of gallery.querySelectorAll(".pick-box")) {
      const inHandout = handout.has(box.value);
      if (!inHandout && box.disabled) {
        box.disabled = false;
        box.checked = false;
        box.nextElementSibling.textContent = "Vælg til handout";
      }
    }
    updateSelection();
  });

  load();
}

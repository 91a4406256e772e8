// DOM builders shared by the three views. Every piece of goal text goes in as
// a text node (textContent / createTextNode), never as HTML.

import { wordDiff } from "./diff.js";
import { danishTime, spanSegments } from "./text.js";

export const DIMENSIONS = ["measurable", "time_horizon", "service_consequence"];

/** Danish wording of each verdict: what is there, what is missing. */
export const VERDICT_WORDS = {
  measurable: { name: "Målbarhed", yes: "Målbart", no: "Ikke målbart" },
  time_horizon: { name: "Tidshorisont", yes: "Har en tidshorisont", no: "Ingen tidshorisont" },
  service_consequence: {
    name: "Konsekvens for ydelsen",
    yes: "Har en konsekvens for ydelsen",
    no: "Ingen konsekvens for ydelsen",
  },
};

/** The four highlight kinds, their visible tag and the legend text. */
export const KINDS = {
  time: {
    tag: "tid",
    legend: "hvornår målet skal være nået, eller hvornår der følges op (ordet for opfølgningen: «opfølgning»)",
  },
  criterion: { tag: "kriterium", legend: "det, der kan tjekkes: antal, hyppighed, «selv», «uden hjælp» …" },
  consequence: { tag: "konsekvens", legend: "hvad det betyder for ydelsen, når målet er nået" },
  vague: { tag: "upræcist", legend: "ord, der ikke siger, hvornår målet er nået" },
};

const DIRECTIONS = {
  reduce: "nedsættelse",
  end: "ophør",
  transfer: "overgang",
  increase: "udvidelse",
  other: "ændring",
};

/** Create an element with properties and children; strings become text nodes. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key === "className") {
      node.className = value;
    } else if (key === "text") {
      node.textContent = value;
    } else if (key.startsWith("on") && typeof value === "function") {
      node.addEventListener(key.slice(2).toLowerCase(), value);
    } else {
      node.setAttribute(key, value === true ? "" : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return node;
}

/** Which highlight kind a span belongs to, and the words on its tag. */
export function spanKind(span) {
  if (span.label === "VAGUE" || (span.label === "TIME" && span.role === "vague")) {
    return { kind: "vague", tag: KINDS.vague.tag };
  }
  if (span.label === "CRITERION") {
    return { kind: "criterion", tag: KINDS.criterion.tag };
  }
  if (span.label === "TIME" && span.role === "frequency") {
    return { kind: "criterion", tag: "kriterium: hyppighed" };
  }
  if (span.label === "CONSEQUENCE") {
    const direction = DIRECTIONS[span.direction];
    return { kind: "consequence", tag: direction ? `konsekvens: ${direction}` : KINDS.consequence.tag };
  }
  if (span.label === "FOLLOW_UP") {
    return { kind: "time", tag: "opfølgning" }; // the announcing words; the time itself is its own TIME span
  }
  const value = span.value ? danishTime(span.value) : "";
  return { kind: "time", tag: value ? `tid: ${value}` : KINDS.time.tag };
}

/** A tag whose brackets only screen readers hear, so the label reads apart from the goal text. */
function tag(text, kind) {
  return el(
    "span",
    { className: `hl-tag tag-${kind}` },
    el("span", { className: "sr-only", text: " [" }),
    text,
    el("span", { className: "sr-only", text: "] " }),
  );
}

/** Fill `target` with the goal text, its spans marked and labelled. */
export function renderHighlighted(target, text, spans) {
  target.replaceChildren();
  for (const segment of spanSegments(text, spans)) {
    if (!segment.spans.length) {
      target.append(document.createTextNode(segment.text));
      continue;
    }
    const kinds = segment.spans.map(spanKind);
    const main = kinds[0].kind;
    const tags = [...new Set(kinds.map((k) => k.tag))];
    const mark = el(
      "mark",
      { className: `hl hl-${main}`, "data-label": segment.spans.map((s) => s.label).join(" ") },
      segment.text,
    );
    mark.append(tag(tags.join(" + "), main));
    target.append(mark);
  }
  return target;
}

/** The legend of highlight kinds, with the same tags as in the text. */
export function renderLegend(target) {
  target.replaceChildren(
    ...Object.entries(KINDS).map(([kind, info]) =>
      el("li", {}, el("span", { className: `hl-tag tag-${kind}` }, info.tag), info.legend),
    ),
  );
}

/**
 * The three verdicts with symbol, words and explanation. When annotators'
 * labels (`gold`) are given and disagree with the analysis, say so.
 */
export function renderVerdicts(target, analysis, gold = null, { explain = true } = {}) {
  target.replaceChildren();
  for (const dimension of DIMENSIONS) {
    const words = VERDICT_WORDS[dimension];
    const value = Boolean(analysis.labels?.[dimension]?.value);
    const item = el(
      "li",
      {
        className: `verdict ${value ? "verdict-yes" : "verdict-no"}`,
        "data-dimension": dimension,
        "data-value": String(value),
      },
      el(
        "span",
        { className: "verdict-head" },
        el("span", { "aria-hidden": "true", text: value ? "✓ " : "✗ " }),
        value ? words.yes : words.no,
      ),
    );
    const explanation = analysis.explanations?.[dimension];
    if (explain && explanation) {
      item.append(el("span", { className: "verdict-note", text: explanation }));
    }
    if (gold && typeof gold[dimension] === "boolean" && gold[dimension] !== value) {
      item.append(
        el("span", {
          className: "verdict-gold",
          text: `Annotatorerne vurderede: ${gold[dimension] ? words.yes.toLowerCase() : words.no.toLowerCase()}.`,
        }),
      );
    }
    target.append(item);
  }
  return target;
}

/** Inserted or deleted text with a cue for screen readers (the visible +/− comes from CSS). */
function change(type, text) {
  return el(type, {}, el("span", { className: "sr-only", text: type === "ins" ? "tilføjet: " : "slettet: " }), text);
}

/** Before/after columns: deletions marked in `beforeTarget`, insertions in `afterTarget`. */
export function renderDiffPair(beforeTarget, afterTarget, before, after) {
  beforeTarget.replaceChildren();
  afterTarget.replaceChildren();
  for (const op of wordDiff(before, after)) {
    if (op.type === "equal") {
      beforeTarget.append(document.createTextNode(op.text));
      afterTarget.append(document.createTextNode(op.text));
    } else if (op.type === "del") {
      beforeTarget.append(change("del", op.text));
    } else {
      afterTarget.append(change("ins", op.text));
    }
  }
}

/** One inline diff (used in the editor's suggestion buttons). */
export function renderDiffInline(target, before, after) {
  target.replaceChildren();
  for (const op of wordDiff(before, after)) {
    target.append(op.type === "equal" ? document.createTextNode(op.text) : change(op.type, op.text));
  }
  return target;
}

/** Only the rewritten text, insertions marked (used in the handout). */
export function renderAfter(target, before, after) {
  target.replaceChildren();
  for (const op of wordDiff(before, after)) {
    if (op.type === "equal") {
      target.append(document.createTextNode(op.text));
    } else if (op.type === "ins") {
      target.append(change("ins", op.text));
    }
  }
  return target;
}

/** Danish names of the dimensions a suggestion adds. */
export function dimensionNames(dimensions) {
  return (dimensions || []).map((d) => VERDICT_WORDS[d]?.name.toLowerCase() ?? d).join(", ");
}

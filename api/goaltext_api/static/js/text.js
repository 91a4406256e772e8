// Text helpers shared by the views. The API counts offsets in Unicode code
// points (Python string indices); JavaScript strings count UTF-16 units, so
// every offset goes through an array of code points here.

/** The text as an array of code points, so API offsets index it directly. */
export function codePoints(text) {
  return Array.from(text);
}

/**
 * Apply LanguageTool-style edits ({offset, length, replacement}, offsets into
 * the ORIGINAL text) from the highest offset down, so earlier offsets stay valid.
 * Throws a RangeError when an edit falls outside the text or edits overlap.
 */
export function applyEdits(text, edits) {
  const points = codePoints(text);
  // Highest offset first; among edits at the same offset, the later one first,
  // so two insertions at one place keep their order.
  const ordered = edits
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => b.edit.offset - a.edit.offset || b.index - a.index);
  let limit = points.length;
  for (const { edit } of ordered) {
    const { offset, length, replacement } = edit;
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0) {
      throw new RangeError("Forslaget har en ugyldig placering i teksten.");
    }
    if (offset + length > limit) {
      throw new RangeError("Forslaget passer ikke til teksten.");
    }
    points.splice(offset, length, ...codePoints(String(replacement)));
    limit = offset;
  }
  return points.join("");
}

/**
 * Split the text into plain and highlighted segments. Overlapping spans are
 * merged into one segment that carries all their spans, so no text is shown
 * twice and none is lost. Spans whose offsets do not match their text are
 * left out rather than drawn in the wrong place.
 */
export function spanSegments(text, spans) {
  const points = codePoints(text);
  const valid = (spans || [])
    .filter(
      (span) =>
        Number.isInteger(span.start) &&
        Number.isInteger(span.end) &&
        span.start >= 0 &&
        span.end > span.start &&
        span.end <= points.length &&
        (typeof span.text !== "string" || points.slice(span.start, span.end).join("") === span.text),
    )
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const groups = [];
  for (const span of valid) {
    const last = groups[groups.length - 1];
    if (last && span.start < last.end) {
      last.end = Math.max(last.end, span.end);
      last.spans.push(span);
    } else {
      groups.push({ start: span.start, end: span.end, spans: [span] });
    }
  }
  const segments = [];
  let cursor = 0;
  for (const group of groups) {
    if (group.start > cursor) {
      segments.push({ text: points.slice(cursor, group.start).join(""), spans: [] });
    }
    segments.push({ text: points.slice(group.start, group.end).join(""), spans: group.spans });
    cursor = group.end;
  }
  if (cursor < points.length) {
    segments.push({ text: points.slice(cursor).join(""), spans: [] });
  }
  return segments;
}

const UNITS = {
  D: ["dag", "dage"],
  W: ["uge", "uger"],
  M: ["måned", "måneder"],
  Y: ["år", "år"],
};
const MONTHS = [
  "januar",
  "februar",
  "marts",
  "april",
  "maj",
  "juni",
  "juli",
  "august",
  "september",
  "oktober",
  "november",
  "december",
];

/** A normalised time value (P4M, 2026-06-01, 2026-W40, --06-01) in plain Danish; other forms come back as they are. */
export function danishTime(value) {
  if (typeof value !== "string") {
    return "";
  }
  let match = /^P(\d+)([DWMY])$/.exec(value);
  if (match) {
    const count = Number(match[1]);
    const [one, many] = UNITS[match[2]];
    return `${count} ${count === 1 ? one : many}`;
  }
  match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match && Number(match[2]) >= 1 && Number(match[2]) <= 12) {
    return `${Number(match[3])}. ${MONTHS[Number(match[2]) - 1]} ${match[1]}`;
  }
  match = /^--(\d{2})-(\d{2})$/.exec(value);
  if (match && Number(match[1]) >= 1 && Number(match[1]) <= 12) {
    return `${Number(match[2])}. ${MONTHS[Number(match[1]) - 1]}`;
  }
  match = /^(\d{4})-W(\d{2})$/.exec(value);
  if (match) {
    return `uge ${Number(match[2])} ${match[1]}`;
  }
  return value;
}

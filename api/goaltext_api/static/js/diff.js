// Word-level diff for before/after views of a rewrite. Tokens are words
// (letters, digits and the joiners used in dates and paragraph numbers such as
// "1/6-27" or "§ 85"), runs of whitespace, and single punctuation marks.

const TOKEN = /\s+|[\p{L}\p{N}§%]+(?:[-/.,:'’][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu;
const MAX_CELLS = 4_000_000; // beyond this the middle is shown as one replacement

/** Split a text into diff tokens; joining them gives the text back. */
export function tokenize(text) {
  return text.match(TOKEN) || [];
}

/**
 * The word-level difference between two texts, as a list of
 * {type: "equal" | "del" | "ins", text}. Joining the equal and del parts gives
 * `before`; joining the equal and ins parts gives `after`.
 */
export function wordDiff(before, after) {
  const a = tokenize(before);
  const b = tokenize(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) {
    head += 1;
  }
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) {
    tail += 1;
  }
  const ops = [];
  push(ops, "equal", a.slice(0, head));
  middle(ops, a.slice(head, a.length - tail), b.slice(head, b.length - tail));
  push(ops, "equal", a.slice(a.length - tail));
  return tidy(ops);
}

function push(ops, type, tokens) {
  if (tokens.length) {
    ops.push({ type, text: tokens.join("") });
  }
}

/** Longest common subsequence on the changed middle part. */
function middle(ops, a, b) {
  if (!a.length || !b.length || a.length * b.length > MAX_CELLS) {
    push(ops, "del", a);
    push(ops, "ins", b);
    return;
  }
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      table[i * width + j] =
        a[i] === b[j]
          ? table[(i + 1) * width + j + 1] + 1
          : Math.max(table[(i + 1) * width + j], table[i * width + j + 1]);
    }
  }
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      ops.push({ type: "equal", text: a[i] });
      i += 1;
      j += 1;
    } else if (table[(i + 1) * width + j] >= table[i * width + j + 1]) {
      ops.push({ type: "del", text: a[i] });
      i += 1;
    } else {
      ops.push({ type: "ins", text: b[j] });
      j += 1;
    }
  }
  push(ops, "del", a.slice(i));
  push(ops, "ins", b.slice(j));
}

/**
 * Readable output, as diff-match-patch's semantic clean-up: a piece kept
 * between two changes that is no longer than the change on either side (a
 * space, or "med" between two long insertions) is folded into them, so a
 * rewrite reads as a few whole changes rather than confetti. Deletions come
 * before insertions, and neighbours of one type are merged.
 */
function tidy(ops) {
  let current = merge(ops);
  for (let changed = true; changed;) {
    changed = false;
    const folded = [];
    for (let k = 0; k < current.length; k += 1) {
      const op = current[k];
      if (op.type === "equal" && k > 0 && k < current.length - 1) {
        const before = changeSize(current, k - 1, -1);
        const after = changeSize(current, k + 1, 1);
        if (before && after && op.text.length <= Math.min(before, after)) {
          folded.push({ type: "del", text: op.text }, { type: "ins", text: op.text });
          changed = true;
          continue;
        }
      }
      folded.push(op);
    }
    current = merge(folded);
  }
  return current;
}

/** The size of the change next to an equal part: the longer of its deleted and inserted text. */
function changeSize(ops, start, step) {
  let deleted = 0;
  let inserted = 0;
  for (let k = start; k >= 0 && k < ops.length && ops[k].type !== "equal"; k += step) {
    if (ops[k].type === "del") {
      deleted += ops[k].text.length;
    } else {
      inserted += ops[k].text.length;
    }
  }
  return Math.max(deleted, inserted);
}

/** Merge neighbours: within a run of changes, all deletions first, then all insertions. */
function merge(ops) {
  const result = [];
  let dels = [];
  let inss = [];
  const flush = () => {
    if (dels.length) {
      result.push({ type: "del", text: dels.join("") });
    }
    if (inss.length) {
      result.push({ type: "ins", text: inss.join("") });
    }
    dels = [];
    inss = [];
  };
  for (const op of ops) {
    if (op.type === "del") {
      dels.push(op.text);
    } else if (op.type === "ins") {
      inss.push(op.text);
    } else {
      flush();
      const last = result[result.length - 1];
      if (last && last.type === "equal") {
        last.text += op.text;
      } else {
        result.push({ type: "equal", text: op.text });
      }
    }
  }
  flush();
  return result;
}

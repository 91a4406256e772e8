"""Small helpers the browser tests share: screenshots, reading what a sighted
user sees, calling the page's own JavaScript modules, and measuring the
contrast of the text actually rendered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

# Text as it reads on screen: screen-reader-only cues removed.
VISIBLE_TEXT_JS = """
(element) => {
  const copy = element.cloneNode(true);
  copy.querySelectorAll('.sr-only').forEach((node) => node.remove());
  return copy.textContent;
}
"""

# The goal text alone: without the tags on the marks and the screen-reader cues.
GOAL_TEXT_JS = """
(element) => {
  const copy = element.cloneNode(true);
  copy.querySelectorAll('.sr-only, .hl-tag').forEach((node) => node.remove());
  return copy.textContent;
}
"""

# Every element with its own visible text, with its colour and the first
# opaque background behind it; contrast computed as in WCAG 2.1.
RENDERED_CONTRAST_JS = """
(root) => {
  const parse = (value) => {
    const m = value.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const lum = ({ r, g, b }) => {
    const f = (c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (node) => {
    for (let n = node; n; n = n.parentElement) {
      const bg = parse(getComputedStyle(n).backgroundColor);
      if (bg && bg.a === 1) return bg;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const results = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const element = text.parentElement;
    if (!text.textContent.trim() || element.closest('.sr-only, [hidden], template, option')) continue;
    const box = element.getBoundingClientRect();
    const shown = element.checkVisibility({ opacityProperty: true, visibilityProperty: true });
    if (!box.width || !box.height || !shown) continue;
    const fg = parse(getComputedStyle(element).color);
    const bg = background(element);
    const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    results.push({
      text: element.className || element.tagName,
      ratio: (hi + 0.05) / (lo + 0.05),
      alpha: fg.a,
      disabled: Boolean(element.closest(':disabled')),
    });
  }
  return results;
}
"""


def wait_for_gallery(page: Any) -> None:
    """The gallery has finished loading (it may be empty, so wait for the attribute, not for visibility)."""
    page.wait_for_selector("#gallery[aria-busy='false']", state="attached")


def screenshot(page: Any, artifacts: Path, name: str, **options: Any) -> Path:
    """Save a screenshot under test-artifacts/ (the tests' record of what the page showed)."""
    path = artifacts / name
    page.screenshot(path=str(path), **options)
    return path


def visible_text(locator: Any) -> str:
    return locator.evaluate(VISIBLE_TEXT_JS)


def call_module(page: Any, module: str, function: str, *args: Any) -> Any:
    """Call an exported function of one of the page's own ES modules."""
    return page.evaluate(
        "async ([path, name, args]) => (await import(path))[name](...args)",
        [f"/static/js/{module}", function, list(args)],
    )


def low_contrast(page: Any, selector: str, minimum: float = 4.5) -> list[dict[str, Any]]:
    """Visible text under `selector` whose rendered contrast is below `minimum`
    (disabled controls are exempt, as in WCAG 1.4.3)."""
    found = page.locator(selector).evaluate(RENDERED_CONTRAST_JS)
    return [item for item in found if not item["disabled"] and (item["ratio"] < minimum or item["alpha"] < 1)]


def api_get(base_url: str, path: str, **params: Any) -> dict[str, Any]:
    """The same data the page fetched, straight from the service."""
    response = httpx.get(base_url + path, params={k: v for k, v in params.items() if v not in (None, "")}, timeout=30)
    response.raise_for_status()
    return response.json()


def api_post(base_url: str, path: str, payload: dict[str, Any]) -> dict[str, Any]:
    response = httpx.post(base_url + path, json=payload, timeout=30)
    response.raise_for_status()
    return response.json()

"""The page's own files, checked without a browser: Danish, self-contained
(no CDN, no external fonts), CSP-safe (no inline scripts, handlers or styles),
no HTML built from strings, labelled form controls, a size budget, and WCAG AA
contrast for every colour pair the stylesheet uses."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.browser.conftest import STATIC

INDEX = STATIC / "index.html"
CSS = STATIC / "app.css"
SCRIPTS = sorted((STATIC / "js").glob("*.js"))
ASSET_BUDGET_BYTES = 200 * 1024


class PageParser(HTMLParser):
    """Collects what the checks need from index.html."""

    def __init__(self) -> None:
        super().__init__()
        self.html_lang: str | None = None
        self.inline_scripts = 0
        self.script_sources: list[str] = []
        self.style_sources: list[str] = []
        self.handlers: list[str] = []
        self.style_attributes: list[str] = []
        self.style_elements = 0
        self.label_targets: set[str] = set()
        self.controls: list[tuple[str, str | None, str | None]] = []
        self.tabs: list[dict[str, str | None]] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.html_lang = attributes.get("lang")
        self.handlers += [f"<{tag} {name}>" for name, _ in attrs if name.startswith("on")]
        if "style" in attributes:
            self.style_attributes.append(tag)
        if tag == "script":
            if attributes.get("src"):
                self.script_sources.append(attributes["src"] or "")
            else:
                self._in_script = True
        if tag == "style":
            self.style_elements += 1
        if tag == "link" and attributes.get("href"):
            self.style_sources.append(attributes["href"] or "")
        if tag == "label" and attributes.get("for"):
            self.label_targets.add(attributes["for"] or "")
        if tag in {"input", "select", "textarea"}:
            self.controls.append((tag, attributes.get("id"), attributes.get("type")))
        if attributes.get("role") == "tab":
            self.tabs.append({"tag": tag, **attributes})

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts += 1


@pytest.fixture(scope="module")
def parsed() -> PageParser:
    parser = PageParser()
    parser.feed(INDEX.read_text(encoding="utf-8"))
    return parser


def test_the_page_is_danish(parsed: PageParser) -> None:
    assert parsed.html_lang == "da"


def test_no_inline_script_handler_or_style_for_the_csp(parsed: PageParser) -> None:
    assert parsed.inline_scripts == 0
    assert parsed.handlers == []
    assert parsed.style_attributes == []
    assert parsed.style_elements == 0
    assert parsed.script_sources == ["static/js/main.js"]


@pytest.mark.parametrize("path", [INDEX, CSS, *SCRIPTS], ids=lambda p: p.name)
def test_nothing_is_loaded_from_another_host(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.IGNORECASE), "a CDN or external URL"
    assert "@import" not in text and "@font-face" not in text


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_scripts_never_build_html_from_strings(path: Path) -> None:
    """Goal text is personal data and may contain markup: it only ever becomes a text node."""
    source = path.read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in source, f"{path.name} uses {sink}"


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_scripts_never_log(path: Path) -> None:
    """A console line could carry a goal text into a shared screen or a log collector."""
    assert "console." not in path.read_text(encoding="utf-8")


def test_every_form_control_has_a_label(parsed: PageParser) -> None:
    unlabelled = [
        (tag, control_id) for tag, control_id, kind in parsed.controls if control_id not in parsed.label_targets
    ]
    # The gallery's checkboxes live in a <template>; gallery.js gives each one an id and its label's for=.
    assert unlabelled == [("input", None)]


def test_tabs_are_buttons_that_control_a_panel(parsed: PageParser) -> None:
    page = INDEX.read_text(encoding="utf-8")
    assert [tab["tag"] for tab in parsed.tabs] == ["button", "button", "button"]
    assert [tab["aria-selected"] for tab in parsed.tabs] == ["true", "false", "false"]
    for tab in parsed.tabs:
        assert f'id="{tab["aria-controls"]}"' in page
        assert f'aria-labelledby="{tab["id"]}"' in page


def test_the_page_assets_stay_under_budget() -> None:
    total = sum(path.stat().st_size for path in STATIC.rglob("*") if path.is_file())
    assert total < ASSET_BUDGET_BYTES, f"{total} bytes"


# --- WCAG 2.1 contrast -----------------------------------------------------


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#777777", "#ffffff", 4.48),  # the classic grey that just fails AA
        ("#767676", "#ffffff", 4.54),  # and the one that just passes
        ("#0000ff", "#ffffff", 8.59),
    ],
)
def test_contrast_ratio_matches_wcag_reference_values(first: str, second: str, expected: float) -> None:
    assert contrast_ratio(first, second) == pytest.approx(expected, abs=0.01)


def palette() -> dict[str, str]:
    root = re.search(r":root\s*\{(.*?)\}", CSS.read_text(encoding="utf-8"), re.DOTALL)
    assert root, "app.css has no :root block"
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", root.group(1)))


TEXT = 4.5  # AA for normal text (tags are small, so no large-text exception anywhere)
NON_TEXT = 3.0  # AA for focus rings and control borders (WCAG 1.4.11)

# (foreground, background, minimum, where the pair is used)
PAIRS = [
    ("fg", "bg", TEXT, "body text"),
    ("fg", "surface", TEXT, "header and result panel"),
    ("muted", "bg", TEXT, "hints, placeholders, area line"),
    ("muted", "surface", TEXT, "status line, disabled buttons"),
    ("accent", "bg", TEXT, "links, secondary buttons, suggestion action"),
    ("accent", "surface", TEXT, "brand line in the header"),
    ("accent-fg", "accent", TEXT, "primary buttons and the handout counter"),
    ("good-fg", "bg", TEXT, "'Godt eksempel'"),
    ("good-fg", "good-bg", TEXT, "verdict ✓ heading"),
    ("bad-fg", "bg", TEXT, "'Kan blive bedre'"),
    ("bad-fg", "bad-bg", TEXT, "verdict ✗ heading"),
    ("fg", "good-bg", TEXT, "explanation under ✓"),
    ("fg", "bad-bg", TEXT, "explanation under ✗"),
    ("error-fg", "error-bg", TEXT, "error messages"),
    ("fg", "time-bg", TEXT, "time highlight"),
    ("fg", "criterion-bg", TEXT, "criterion highlight"),
    ("fg", "consequence-bg", TEXT, "consequence highlight"),
    ("fg", "vague-bg", TEXT, "vague highlight"),
    ("tag-fg", "time-tag", TEXT, "'tid' tag"),
    ("tag-fg", "criterion-tag", TEXT, "'kriterium' tag"),
    ("tag-fg", "consequence-tag", TEXT, "'konsekvens' tag"),
    ("tag-fg", "vague-tag", TEXT, "'upræcist' tag"),
    ("ins-fg", "ins-bg", TEXT, "inserted words"),
    ("del-fg", "del-bg", TEXT, "deleted words"),
    ("focus", "bg", NON_TEXT, "focus ring on the page"),
    ("focus", "surface", NON_TEXT, "focus ring in panels"),
    ("border", "bg", NON_TEXT, "input and card borders"),
    ("border", "surface", NON_TEXT, "borders inside panels"),
    ("time-tag", "time-bg", NON_TEXT, "time underline"),
    ("criterion-tag", "criterion-bg", NON_TEXT, "criterion underline"),
    ("consequence-tag", "consequence-bg", NON_TEXT, "consequence underline"),
    ("vague-tag", "vague-bg", NON_TEXT, "vague underline"),
]


@pytest.mark.parametrize(("foreground", "background", "minimum", "where"), PAIRS, ids=[p[3] for p in PAIRS])
def test_colour_pairs_meet_wcag_aa(foreground: str, background: str, minimum: float, where: str) -> None:
    colours = palette()
    ratio = contrast_ratio(colours[foreground], colours[background])
    assert ratio >= minimum, f"{where}: --{foreground} on --{background} is {ratio:.2f}:1, needs {minimum}:1"


def test_every_palette_colour_is_checked() -> None:
    """A colour added to the palette without a contrast check fails here."""
    used = {name for pair in PAIRS for name in pair[:2]}
    assert set(palette()) == used

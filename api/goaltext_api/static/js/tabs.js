// ARIA tabs (WAI-ARIA Authoring Practices): the selected tab is the one tab
// stop; arrow keys, Home and End move between tabs; the URL hash remembers the
// view so a trainer can link straight to it.

const HASHES = { "tab-examples": "#eksempler", "tab-editor": "#skriv", "tab-handout": "#handout" };

export function setupTabs(tablist, onShow = () => {}) {
  const tabs = [...tablist.querySelectorAll('[role="tab"]')];

  function select(tab, { focus = true, updateHash = true } = {}) {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute("aria-selected", String(selected));
      other.tabIndex = selected ? 0 : -1;
      document.getElementById(other.getAttribute("aria-controls")).hidden = !selected;
    }
    if (focus) {
      tab.focus();
    }
    if (updateHash && HASHES[tab.id] && window.location.hash !== HASHES[tab.id]) {
      history.replaceState(null, "", HASHES[tab.id]);
    }
    onShow(tab.getAttribute("aria-controls"));
  }

  tablist.addEventListener("click", (event) => {
    const tab = event.target.closest('[role="tab"]');
    if (tab) {
      select(tab);
    }
  });

  tablist.addEventListener("keydown", (event) => {
    const index = tabs.indexOf(document.activeElement);
    if (index < 0) {
      return;
    }
    const moves = {
      ArrowRight: (index + 1) % tabs.length,
      ArrowLeft: (index - 1 + tabs.length) % tabs.length,
      Home: 0,
      End: tabs.length - 1,
    };
    if (event.key in moves) {
      event.preventDefault();
      select(tabs[moves[event.key]]);
    }
  });

  const fromHash = () => {
    const wanted = tabs.find((tab) => HASHES[tab.id] === window.location.hash);
    if (wanted && wanted.getAttribute("aria-selected") !== "true") {
      select(wanted, { focus: false, updateHash: false });
    }
  };
  window.addEventListener("hashchange", fromHash);
  fromHash();

  return {
    show(panelId) {
      const tab = tabs.find((t) => t.getAttribute("aria-controls") === panelId);
      if (tab) {
        select(tab, { focus: false });
      }
    },
  };
}

// Entry point: wires the tabs and the three views together.

import { setupEditor } from "./editor.js";
import { setupGallery } from "./gallery.js";
import { createHandoutStore, setupHandout } from "./handout.js";
import { setupTabs } from "./tabs.js";

const handout = createHandoutStore();
setupTabs(document.querySelector('[role="tablist"]'));
setupHandout(handout);
setupGallery({ handout });
setupEditor();
document.documentElement.dataset.ready = "true";

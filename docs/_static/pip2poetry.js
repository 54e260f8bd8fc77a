/* Small accessibility fixes to the theme's markup (checked by tests/browser/test_site.py). */
(function () {
  "use strict";
  function fix() {
    // furo has two <aside> landmarks with no name; give each one (axe: landmark-unique).
    const labels = { "aside.sidebar-drawer": "Site navigation", "aside.toc-drawer": "On this page" };
    for (const [selector, label] of Object.entries(labels)) {
      const aside = document.querySelector(selector);
      if (aside && !aside.hasAttribute("aria-label")) aside.setAttribute("aria-label", label);
    }
    // The "view this page" link and the theme switch sit outside every landmark (axe:
    // region): make their bar a named navigation landmark.
    const tools = document.querySelector(".content-icon-container");
    if (tools && !tools.hasAttribute("role")) {
      tools.setAttribute("role", "navigation");
      tools.setAttribute("aria-label", "Page tools");
    }
  }
  // Tabs: choosing "Poetry" in one pip | Poetry block chooses it in every block of the page
  // with the same choices, and on the next pages (sphinx-tabs does that only for its
  // group-tab directive). The choice is kept for the browser session.
  const KEY = "pip2poetry-tab";
  let syncing = false;
  function choose(label) {
    syncing = true;
    for (const tab of document.querySelectorAll(".sphinx-tabs-tab")) {
      if (tab.textContent.trim() === label && tab.getAttribute("aria-selected") !== "true") tab.click();
    }
    syncing = false;
  }
  function tabs() {
    document.addEventListener("click", (event) => {
      const tab = event.target.closest && event.target.closest(".sphinx-tabs-tab");
      if (!tab || syncing) return;
      const label = tab.textContent.trim();
      try { sessionStorage.setItem(KEY, label); } catch (e) { /* storage may be off */ }
      choose(label);
    });
    let saved = null;
    try { saved = sessionStorage.getItem(KEY); } catch (e) { /* storage may be off */ }
    if (saved) choose(saved);
  }
  function start() { fix(); tabs(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

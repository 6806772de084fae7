/* Filters for the timeline and sorting for reference tables, keyboard focus for boxes that
   scroll sideways, and a mark on the place a link led to. Each enhances content that is
   complete without JavaScript. They run on every page load, including Material's instant
   navigation, through its document$ observable. */
(function () {
  "use strict";

  function uniq(values) {
    return Array.from(new Set(values)).filter(Boolean).sort();
  }

  // What the reader has set on this page: the timeline's menus, the table filter's words, the
  // tables' sort. Material's instant navigation fetches and rebuilds the page for the first
  // link to a place on the same page (a footnote, "Jump to"), and for the Back that follows;
  // the page's settings are put back then, so a link does not undo them. A visit from another
  // page starts afresh. This script is not run again on instant navigation, so this lives on.
  var kept = {path: null, menus: {}, filter: "", sorts: {}};

  function remember() {
    var path = location.pathname;
    if (kept.path !== path) kept = {path: path, menus: {}, filter: "", sorts: {}};
  }

  function setupFilters(box) {
    var target = document.querySelector(box.dataset.target);
    if (!target || box.dataset.ready) return;
    box.dataset.ready = "1";
    var items = Array.prototype.slice.call(target.querySelectorAll(".tl-event"));
    var status = document.getElementById("timeline-status");
    var dims = [
      ["category", "Category"], ["countries", "Country"], ["actors", "Actor"]
    ];
    // Each menu's option names come from the links the page marks with that menu and value
    // (macros.md.j2): a link's address does not say which menu it belongs to, and an event's
    // id can equal an actor's.
    var labels = {category: {}, countries: {}, actors: {}};
    items.forEach(function (item) {
      item.querySelectorAll(".tl-meta a[data-facet]").forEach(function (a) {
        var menu = labels[a.dataset.facet];
        if (menu) menu[a.dataset.value] = a.textContent;
      });
      var cat = item.querySelector(".tl-cat");
      if (cat) labels.category[item.dataset.category] = cat.textContent;
    });
    var selects = dims.map(function (dim) {
      var key = dim[0];
      var values = uniq([].concat.apply([], items.map(function (i) {
        return (i.dataset[key] || "").split(" ");
      })));
      var label = document.createElement("label");
      label.textContent = dim[1];
      var select = document.createElement("select");
      select.dataset.key = key;
      var all = document.createElement("option");
      all.value = ""; all.textContent = "All";
      select.appendChild(all);
      values.forEach(function (v) {
        var o = document.createElement("option");
        o.value = v; o.textContent = labels[key][v] || v;
        select.appendChild(o);
      });
      if (kept.menus[key] && values.indexOf(kept.menus[key]) >= 0) select.value = kept.menus[key];
      select.addEventListener("change", apply);
      label.appendChild(select);
      box.appendChild(label);
      return select;
    });
    var reset = document.createElement("button");
    reset.type = "button"; reset.textContent = "Show all";
    reset.addEventListener("click", function () {
      selects.forEach(function (s) { s.value = ""; });
      apply();
    });
    box.appendChild(reset);
    box.hidden = false;
    if (selects.some(function (s) { return s.value; })) apply();

    function apply() {
      var shown = 0;
      selects.forEach(function (s) { kept.menus[s.dataset.key] = s.value; });
      items.forEach(function (item) {
        var ok = selects.every(function (s) {
          return !s.value || (item.dataset[s.dataset.key] || "").split(" ").indexOf(s.value) >= 0;
        });
        item.hidden = !ok;
        if (ok) shown += 1;
      });
      target.querySelectorAll("h2").forEach(function (h) {
        var el = h.nextElementSibling, any = false;
        while (el && el.tagName !== "H2") {
          if (el.classList.contains("tl-event") && !el.hidden) any = true;
          el = el.nextElementSibling;
        }
        h.hidden = !any;
      });
      // The page's table of contents lists only what is shown: a link to a hidden event
      // would lead nowhere.
      document.querySelectorAll(".md-nav--secondary a.md-nav__link").forEach(function (a) {
        var hash = (a.getAttribute("href") || "").split("#")[1];
        var place = hash && document.getElementById(decodeURIComponent(hash));
        if (place && target.contains(place)) a.closest("li").hidden = !!place.closest("[hidden]");
      });
      if (status) status.textContent = shown + " of " + items.length + " events shown";
    }
  }

  // A date in words sorts by its year; a qualified decade within its decade, as
  // sitegen.dates.sort_key orders it ("late 1960s" as 1967).
  var APPROX = {"c.": 0, early: 0, mid: 4, late: 7};

  function cellValue(row, index) {
    var cell = row.cells[index];
    var text = cell ? cell.textContent.trim() : "";
    var dated = /^(c\.|early|mid|late) (\d{4})(s?)$/.exec(text);
    if (dated) return parseInt(dated[2], 10) + (dated[3] ? APPROX[dated[1]] : 0);
    var num = parseFloat(text.replace(/[^0-9.\-]/g, ""));
    return /^[^A-Za-z]*\d/.test(text) && !isNaN(num) ? num : text.toLowerCase();
  }

  function setupSort(table, number) {
    if (table.dataset.sortReady) return;
    table.dataset.sortReady = "1";
    var headers = table.tHead ? table.tHead.rows[0].cells : [];

    function sortBy(index, asc) {
      Array.prototype.forEach.call(headers, function (h) { h.setAttribute("aria-sort", "none"); });
      headers[index].setAttribute("aria-sort", asc ? "ascending" : "descending");
      kept.sorts[number] = [index, asc];
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = cellValue(a, index), y = cellValue(b, index);
        if (x === y) return 0;
        if (x === "") return 1;
        if (y === "") return -1;
        return (x < y ? -1 : 1) * (asc ? 1 : -1);
      });
      rows.forEach(function (r) { body.appendChild(r); });
    }

    Array.prototype.forEach.call(headers, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        sortBy(index, th.getAttribute("aria-sort") !== "ascending");
      });
    });
    var sorted = kept.sorts[number];
    if (sorted && sorted[0] < headers.length) sortBy(sorted[0], sorted[1]);
  }

  // The box is in the page from the start, with the height the filter will take, so filling
  // it does not push the table down (a layout shift, on a phone that has started reading).
  function setupTableFilter(box) {
    var wrap = document.querySelector(box.dataset.target);
    var table = wrap && wrap.querySelector("table");
    if (!table || box.dataset.ready) return;
    box.dataset.ready = "1";
    // The count sits beside the field, not in its label: inside, it became part of the
    // field's name, which then changed with every letter typed.
    var line = document.createElement("div");
    line.className = "table-filter";
    var input = document.createElement("input");
    input.type = "search";
    input.id = (wrap.id || "table") + "-filter";
    input.setAttribute("aria-controls", wrap.id || "");
    var label = document.createElement("label");
    label.htmlFor = input.id;
    label.textContent = "Filter rows";
    var status = document.createElement("span");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    line.appendChild(label);
    line.appendChild(input);
    line.appendChild(status);
    box.appendChild(line);
    input.value = kept.filter;
    input.addEventListener("input", filter);
    if (input.value) filter();

    function filter() {
      kept.filter = input.value;
      var q = input.value.trim().toLowerCase(), shown = 0;
      var rows = table.tBodies[0].rows;
      Array.prototype.forEach.call(rows, function (r) {
        var ok = !q || r.textContent.toLowerCase().indexOf(q) >= 0;
        r.hidden = !ok;
        if (ok) shown += 1;
      });
      status.textContent = shown + " of " + rows.length + " rows";
    }
  }

  // A box that scrolls sideways on this screen (a wide table, a code block) takes keyboard
  // focus, so it can be scrolled without a pointer (WCAG 2.1.1; axe: scrollable-region-
  // focusable); one that fits stays out of the tab order. Charts do the same (charts.js).
  var SCROLLERS = ".md-typeset table, .md-typeset pre > code";

  function focusableScrollers() {
    document.querySelectorAll(SCROLLERS).forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.dataset.scrollFocus = "1";
      } else if (!scrolls && box.dataset.scrollFocus) {
        box.removeAttribute("tabindex");
        delete box.dataset.scrollFocus;
      }
    });
  }

  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(focusableScrollers, 200);
  });

  // The place a link led to, marked as CSS's :target marks it. When Material's instant
  // navigation rebuilds the page for a link to a place on the same page, the new elements can
  // miss :target, and a followed footnote then showed neither its highlight nor its
  // back-links; site.css styles this class as it styles :target.
  function markTarget() {
    document.querySelectorAll(".is-target").forEach(function (el) {
      el.classList.remove("is-target");
    });
    var id = decodeURIComponent(location.hash.slice(1));
    var place = id && document.getElementById(id);
    if (place) place.classList.add("is-target");
  }

  // A followed link that Material's instant navigation handles can move :target without a
  // hashchange event (history.pushState, then a click on the same address); Material's own
  // target$ reports those moves too.
  window.addEventListener("hashchange", markTarget);
  if (window.target$ && typeof window.target$.subscribe === "function") {
    window.target$.subscribe(markTarget);
  }

  // Below Material's two-column width the site menu is a drawer, opened by a <label> that
  // the keyboard cannot reach or press (and a label may not take a button's role). A real
  // button takes its place: it opens the drawer (focus goes to the first link in view), and
  // Escape, or focus moving out of the drawer, closes it again. Without JavaScript the label
  // stays, for the pointer.
  var DRAWER_MODE = window.matchMedia("(max-width: 76.234375em)");
  var drawerToggle = document.getElementById("__drawer");

  function drawerNav() {
    return document.querySelector(".md-sidebar--primary .md-nav--primary");
  }

  // The drawer stacks panels: an open section slides over the list it belongs to, and a
  // closed one waits off to the side. Their links took keyboard focus out of sight, and the
  // labels that open and close a section could not take it (Material leaves them out of the
  // tab order under navigation.sections). While the drawer is in use, what is covered or
  // closed is inert, and every section's label and back arrow can be reached.
  function drawerPanels() {
    var nav = drawerNav();
    if (!nav) return;
    nav.querySelectorAll("[data-drawer-inert]").forEach(function (el) {
      el.inert = false;
      el.removeAttribute("data-drawer-inert");
    });
    nav.querySelectorAll("label[data-drawer-tab]").forEach(function (label) {
      label.setAttribute("tabindex", label.getAttribute("data-drawer-tab"));
      label.removeAttribute("data-drawer-tab");
    });
    if (!DRAWER_MODE.matches || !drawerToggle || !drawerToggle.checked) return;
    var cover = function (el) {
      if (!el || el.inert) return;
      el.inert = true;
      el.setAttribute("data-drawer-inert", "");
    };
    nav.querySelectorAll("input.md-nav__toggle").forEach(function (toggle) {
      var item = toggle.parentElement;
      var panel = item.querySelector(":scope > nav.md-nav");
      if (!toggle.checked) { cover(panel); return; }
      Array.prototype.forEach.call(item.parentElement.children, function (other) {
        if (other !== item) cover(other);
      });
      Array.prototype.forEach.call(item.children, function (part) {
        if (part !== panel && part !== toggle) cover(part);
      });
      var outer = item.parentElement.closest("nav.md-nav");
      if (outer) cover(outer.querySelector(":scope > .md-nav__title"));
    });
    nav.querySelectorAll("label.md-nav__link[for], label.md-nav__title[for]").forEach(function (label) {
      if (label.tabIndex >= 0) return;
      label.setAttribute("data-drawer-tab", label.getAttribute("tabindex") || "");
      label.setAttribute("tabindex", "0");
    });
  }

  function drawerButton() {
    var label = document.querySelector(".md-header label[for='__drawer']");
    if (!drawerToggle || !label) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-header__button md-icon drawer-button";
    button.setAttribute("aria-label", "Site menu");
    while (label.firstChild) button.appendChild(label.firstChild);
    label.replaceWith(button);
    button.addEventListener("click", function (event) {
      setDrawer(!drawerToggle.checked);
      // From the keyboard (a click with no pointer position), focus moves into the menu: to
      // the page's own entry if it is in view, else to the first link or label that is.
      var nav = drawerNav();
      if (!drawerToggle.checked || event.detail !== 0 || !nav) return;
      var reachable = Array.prototype.filter.call(
        nav.querySelectorAll("a[href], label[tabindex='0']"),
        function (el) { return !el.closest("[inert]") && el.getClientRects().length; });
      var active = reachable.filter(function (el) {
        return el.classList.contains("md-nav__link--active");
      });
      var first = active[0] || reachable[0];
      if (first) first.focus();
    });
  }

  function setDrawer(open) {
    if (drawerToggle.checked !== open) drawerToggle.click();  // as Material does: its change event
  }

  function syncDrawer() {
    var button = document.querySelector(".md-header .drawer-button");
    if (button) button.setAttribute("aria-expanded", drawerToggle.checked ? "true" : "false");
    drawerPanels();
  }

  // Registered once: the drawer's toggle and the document outlive instant navigation.
  if (drawerToggle) {
    document.addEventListener("change", function (event) {
      var t = event.target;
      if (t === drawerToggle || (t.classList && t.classList.contains("md-nav__toggle"))) {
        syncDrawer();
      }
    });
    DRAWER_MODE.addEventListener("change", drawerPanels);
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !drawerToggle.checked || !DRAWER_MODE.matches) return;
      setDrawer(false);
      var button = document.querySelector(".md-header .drawer-button");
      if (button) button.focus();
    });
    // Focus that leaves the open drawer (Tab past its last link) closes it: the page behind
    // its overlay is not in view.
    document.addEventListener("focusin", function (event) {
      var drawer = document.querySelector(".md-sidebar--primary");
      if (!drawerToggle.checked || !DRAWER_MODE.matches || !drawer ||
          drawer.contains(event.target) || event.target.classList.contains("drawer-button")) {
        return;
      }
      setDrawer(false);
    });
  }

  function init() {
    drawerButton();
    if (drawerToggle) syncDrawer();
    remember();
    markTarget();
    focusableScrollers();
    document.querySelectorAll(".filters[data-target]").forEach(setupFilters);
    document.querySelectorAll(".sortable table").forEach(setupSort);
    document.querySelectorAll(".table-filter-box[data-target]").forEach(setupTableFilter);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();

// The workbook never loses what was typed. While a section's form is edited, what is typed is kept as a draft
// in this browser (localStorage), leaving the page with unsaved changes asks first, and a draft left behind
// (a crash, a closed tab, a lost connection) is put back with a notice the next time the section is opened.
// Saving stays explicit: a draft is never sent by itself, and one written against an older version is put
// back with that version, so saving it shows the "two versions" comparison instead of overwriting.
(function () {
  "use strict";
  var form = document.querySelector("form[data-draft-key]");
  if (!form) return;
  var key = form.dataset.draftKey;
  var notice = document.querySelector("[data-draft-notice]");
  var status = form.querySelector("[data-draft-status]");
  var versionField = form.querySelector("input[name='version']");
  var dirty = false;
  var submitting = false;
  var timer = null;
  var restored = false;

  function storage() {
    try { return window.localStorage; } catch (error) { return null; }
  }

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.name !== "version" &&
        el.type !== "submit" && el.type !== "button" && el.type !== "file" && !el.disabled;
    });
  }

  function snapshot() {
    return fields().map(function (el) {
      if (el.type === "checkbox" || el.type === "radio") return [el.name, el.value, el.checked];
      if (el.multiple) {
        return [el.name, Array.prototype.filter.call(el.options, function (o) { return o.selected; })
          .map(function (o) { return o.value; }), null];
      }
      return [el.name, el.value, null];
    });
  }

  function apply(values) {
    var els = fields();
    values.forEach(function (entry, index) {
      var el = els[index];
      if (!el || el.name !== entry[0]) return; // the form changed shape (rows added or removed): skip
      if (el.type === "checkbox" || el.type === "radio") { if (el.value === entry[1]) el.checked = entry[2]; }
      else if (el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = entry[1].indexOf(o.value) !== -1; });
      } else { el.value = entry[1]; }
    });
  }

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  var initial = snapshot();
  var initialVersion = versionField ? versionField.value : "";
  var store = storage();

  function read() {
    if (!store) return null;
    try { return JSON.parse(store.getItem(key) || "null"); } catch (error) { return null; }
  }

  function write(submitted) {
    if (!store) return;
    var values = snapshot();
    try {
      if (same(values, initial) && !dirty) { store.removeItem(key); return; }
      store.setItem(key, JSON.stringify({
        version: versionField ? versionField.value : "", at: new Date().toISOString(), values: values,
        submitted: !!submitted
      }));
    } catch (error) { /* storage full or refused: the warning before leaving still protects the text */ }
  }

  function setDirty(value) {
    dirty = value;
    if (status) status.hidden = !value;
  }

  function discard() {
    if (store) store.removeItem(key);
    apply(initial);
    restored = false;
    if (versionField) versionField.value = initialVersion;
    setDirty(false);
    if (notice) notice.hidden = true;
  }

  // What the page shows, and a draft from an earlier visit.
  var draft = read();
  if (form.dataset.draftUnsaved === "1") {
    // The server sent the typed text back unsaved (a mistake to fix, or someone else saved first).
    setDirty(true);
    write();
  } else if (draft && Array.isArray(draft.values)) {
    var newer = versionField && draft.version !== "" && Number(versionField.value) > Number(draft.version);
    if (draft.submitted && newer) {
      store.removeItem(key); // the save it was sent with went through: the section now holds it
    } else if (!same(initial, draft.values)) {
      apply(draft.values);
      restored = true;
      if (newer) versionField.value = draft.version; // someone saved since: saving shows both versions
      setDirty(true);
      write();
      if (notice) {
        notice.hidden = false;
        var when = notice.querySelector("[data-draft-time]");
        if (when && draft.at) {
          when.textContent = new Date(draft.at).toLocaleString(document.documentElement.lang || undefined, {
            day: "numeric", month: "long", hour: "2-digit", minute: "2-digit"
          });
        }
        var warning = notice.querySelector("[data-draft-newer]");
        if (warning) warning.hidden = !newer;
      }
    } else {
      store.removeItem(key);
    }
  }
  if (notice) {
    var button = notice.querySelector("[data-draft-discard]");
    if (button) button.addEventListener("click", discard);
  }

  function changed() {
    setDirty(form.dataset.draftUnsaved === "1" || restored || !same(snapshot(), initial));
    window.clearTimeout(timer);
    timer = window.setTimeout(write, 300);
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () {
    submitting = true;
    window.clearTimeout(timer);
    write(true); // kept until the next page shows that the save went through
  });
  window.addEventListener("pagehide", function () { if (!submitting) write(); });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty || submitting) return;
    write();
    event.preventDefault();
    event.returnValue = "";
  });
})();

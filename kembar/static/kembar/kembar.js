/* Kembar's small progressive helpers. Every rule they help with also holds on the server without them. */
(function () {
  "use strict";
  var lang = document.documentElement.lang || "id";

  /* Dates: the calendar beside a date's text field (core.fields.DateSpecInput) writes the picked day into
     the text in the page's language; typing a day the calendar can show moves the calendar, typing anything
     else (a month, a year, a range) empties it, so the two never disagree. */
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function dayOf(text) {
    var m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text) || null;
    if (m) return m[1] + "-" + pad(+m[2]) + "-" + pad(+m[3]);
    m = /^(\d{1,2})([\/.\-])(\d{1,2})\2(\d{4})$/.exec(text);
    if (m) return m[4] + "-" + pad(+m[3]) + "-" + pad(+m[1]);
    return "";
  }
  function spelled(iso) {
    var parts = iso.split("-");
    var day = new Date(Date.UTC(+parts[0], +parts[1] - 1, +parts[2]));
    try {
      return new Intl.DateTimeFormat(lang, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(day);
    } catch (e) {
      return +parts[2] + "/" + parts[1] + "/" + parts[0];
    }
  }
  document.addEventListener("change", function (event) {
    var picker = event.target;
    if (!picker.matches || !picker.matches("input[data-date-for]")) return;
    var text = document.getElementById(picker.getAttribute("data-date-for"));
    if (text && picker.value) text.value = spelled(picker.value);
  });
  document.addEventListener("input", function (event) {
    var text = event.target;
    if (!text.id) return;
    var picker = document.querySelector('input[data-date-for="' + text.id + '"]');
    if (picker) picker.value = dayOf(text.value.trim());
  });
})();

/* Rows (an activity's outcomes, cooperations.forms.OutcomeRows): without JavaScript the page already has
   empty rows to fill and a row is removed by emptying it; here "Add" appends a row from the <template> and
   "Remove" takes one away, and the rows are numbered again. */
(function () {
  "use strict";
  function renumber(list) {
    Array.prototype.forEach.call(list.querySelectorAll("[data-row]"), function (row, i) {
      Array.prototype.forEach.call(row.querySelectorAll("[data-row-number]"), function (n) { n.textContent = i + 1; });
    });
  }
  function setUp(box) {
    var list = box.querySelector("[data-rows-list]");
    var template = box.querySelector("template[data-row-template]");
    var add = box.querySelector("[data-row-add]");
    if (!list || !template || !add) return;
    var next = list.querySelectorAll("[data-row]").length;
    add.hidden = false;
    Array.prototype.forEach.call(box.querySelectorAll("[data-row-remove]"), function (b) { b.hidden = false; });
    add.addEventListener("click", function () {
      var html = template.innerHTML.split("__index__").join(String(next++));
      list.insertAdjacentHTML("beforeend", html);
      var row = list.lastElementChild;
      row.querySelector("[data-row-remove]").hidden = false;
      renumber(list);
      row.querySelector("input").focus();
    });
    box.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-row-remove]");
      if (!button) return;
      var row = button.closest("[data-row]");
      var rows = list.querySelectorAll("[data-row]");
      if (rows.length === 1) {
        row.querySelector("input").value = "";
        row.querySelector("select").value = "";
        row.querySelector("input").focus();
        return;
      }
      var focus = row.previousElementSibling || row.nextElementSibling;
      row.parentNode.removeChild(row);
      renumber(list);
      (focus ? focus.querySelector("input") : add).focus();
    });
  }
  function ready() { Array.prototype.forEach.call(document.querySelectorAll("[data-rows]"), setUp); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();

/* Sending a form: a file larger than the server's limit (data-max-bytes, from the same setting the server
   checks) is refused before it is sent, with the server's own words; a form is sent once — its button shows
   it is working and is disabled after the first click (the server refuses a repeat anyway: kembar.core.once).
   A form shown again with errors gets the focus on its error summary. */
(function () {
  "use strict";
  var lang = document.documentElement.lang || "id";

  function tooLarge(input) {
    var limit = +input.getAttribute("data-max-bytes");
    if (!limit || !input.files) return "";
    for (var i = 0; i < input.files.length; i++) {
      var size = input.files[i].size;
      if (size > limit) {
        var mb = (size / 1048576).toLocaleString(lang, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
        return (input.getAttribute("data-too-large") || "").replace("{size}", mb);
      }
    }
    return "";
  }
  function showSize(input) {
    var message = tooLarge(input);
    var id = (input.id || input.name) + "_too_large";
    var note = document.getElementById(id);
    if (!message) {
      if (note) note.parentNode.removeChild(note);
      input.removeAttribute("aria-invalid");
      return "";
    }
    if (!note) {
      note = document.createElement("p");
      note.id = id;
      note.className = "file-too-large";
      note.setAttribute("role", "alert");
      input.insertAdjacentElement("afterend", note);
      var described = input.getAttribute("aria-describedby");
      input.setAttribute("aria-describedby", (described ? described + " " : "") + id);
    }
    note.textContent = message;
    input.setAttribute("aria-invalid", "true");
    return message;
  }
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-max-bytes]")) return;
    // The server's words were about the file chosen before: another one is chosen now.
    var stale = input.id && document.getElementById(input.id + "_errors");
    if (stale) stale.hidden = true;
    showSize(input);
  });

  function busy(form, on, submitter) {
    var buttons = form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]");
    Array.prototype.forEach.call(buttons, function (b) {
      b.disabled = on;
      if (!on) { b.classList.remove("is-busy"); b.removeAttribute("aria-busy"); }
    });
    if (on && submitter) { submitter.classList.add("is-busy"); submitter.setAttribute("aria-busy", "true"); }
    var status = document.getElementById("kembar-busy");
    if (status) status.textContent = on ? status.getAttribute("data-text") : "";
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if ((form.getAttribute("method") || "").toLowerCase() !== "post" || event.defaultPrevented) return;
    if (form.getAttribute("data-sending")) { event.preventDefault(); return; }
    var files = form.querySelectorAll("input[type=file][data-max-bytes]");
    for (var i = 0; i < files.length; i++) {
      if (showSize(files[i])) { event.preventDefault(); files[i].focus(); return; }
    }
    form.setAttribute("data-sending", "1");
    var submitter = event.submitter || form.querySelector("button[type=submit], button:not([type])");
    // Disabled only once the browser has read the form: a disabled button's name and value are not sent.
    setTimeout(function () { busy(form, true, submitter); }, 0);
  });
  // Back to a page kept by the browser: its forms can be sent again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    Array.prototype.forEach.call(document.querySelectorAll("form[data-sending]"), function (form) {
      form.removeAttribute("data-sending");
      busy(form, false);
    });
  });

  function focusErrors() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) {
      summary = document.querySelector("main form .errors[role=alert]");
      if (summary) summary.setAttribute("tabindex", "-1");
    }
    if (summary) summary.focus();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", focusErrors);
  else focusErrors();
})();

/* Lists with selectable rows (cooperations, alerts): the box in the header ticks every row of the page, and
   the count of ticked rows is shown beside the actions. The server takes the ticked ids as they are. */
(function () {
  "use strict";
  function boxes(form) {
    return document.querySelectorAll('input[type="checkbox"][name="ids"][form="' + form + '"]');
  }
  function count(form) {
    var n = Array.prototype.filter.call(boxes(form), function (b) { return b.checked; }).length;
    var out = document.querySelector("#" + form + " [data-selected-count]");
    if (out) out.textContent = n ? out.getAttribute("data-text-some") + " " + n : out.getAttribute("data-text-none");
    var all = document.querySelector('input[data-select-all][form="' + form + '"]');
    if (all) { all.checked = n > 0 && n === boxes(form).length; all.indeterminate = n > 0 && n < boxes(form).length; }
  }
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches('input[type="checkbox"][form]')) return;
    var form = box.getAttribute("form");
    if (box.hasAttribute("data-select-all")) {
      Array.prototype.forEach.call(boxes(form), function (b) { b.checked = box.checked; });
    }
    count(form);
  });
  /* The list may have been filtered in place (htmx, with the address pushed): come back to it as it is now,
     and count again the boxes the new rows brought. */
  document.addEventListener("submit", function (event) {
    var back = event.target.querySelector && event.target.querySelector('input[name="back"]');
    if (back) back.value = window.location.pathname + window.location.search;
  });
  document.addEventListener("htmx:afterSwap", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[id] [data-selected-count]"), function (out) {
      count(out.closest("form").id);
    });
  });
})();

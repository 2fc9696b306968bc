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

// Errors you can see, focus you keep (issue 11). Without JavaScript the pages still show the
// summary of errors at their top (rendered on the server) and each error beside its field.
(function () {
  "use strict";

  // A summary of a form's errors at its top, each a link to its field; focus moves there.
  function summarise(root) {
    var body = document.body;
    var forms = (root || document).querySelectorAll("form");
    for (var i = 0; i < forms.length; i++) {
      var form = forms[i];
      if (form.querySelector(".error-summary")) continue;
      var lists = form.querySelectorAll(".errorlist");
      if (!lists.length) continue;
      var box = document.createElement("div");
      box.className = "error-summary";
      box.setAttribute("role", "alert");
      box.setAttribute("tabindex", "-1");
      var title = document.createElement("h2");
      title.textContent = body.getAttribute("data-errors-title") || "";
      box.appendChild(title);
      var items = document.createElement("ul");
      for (var j = 0; j < lists.length; j++) {
        var group = lists[j].closest(".field, fieldset, div, p") || lists[j].parentNode;
        var input = group && group.querySelector("input:not([type=hidden]), select, textarea");
        var label = input && input.id ? form.querySelector("label[for='" + input.id + "']") : null;
        var legend = group && group.querySelector("legend");
        var name = (label || legend) ? (label || legend).textContent.replace(/[:*]\s*$/, "").trim() : "";
        var messages = lists[j].querySelectorAll("li");
        for (var k = 0; k < messages.length; k++) {
          var li = document.createElement("li");
          var text = (name ? name + ": " : "") + messages[k].textContent.trim();
          if (input && input.id) {
            var a = document.createElement("a");
            a.href = "#" + input.id;
            a.textContent = text;
            li.appendChild(a);
          } else {
            li.textContent = text;
          }
          items.appendChild(li);
        }
      }
      box.appendChild(items);
      form.insertBefore(box, form.firstChild);
      box.focus();
      return;
    }
  }

  // A full page brings its summary from the server (templatetags/error_summary.py): focus it.
  // The script builds one only for a part that htmx replaced, or a form the server missed.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) {
      summary.focus();
      return;
    }
    summarise(document);
  });

  // htmx replaces the part that was saved; give focus back to the same control, or to the part.
  var remembered = null;
  document.addEventListener("htmx:beforeSwap", function () {
    var active = document.activeElement;
    remembered = active && active !== document.body ? {
      id: active.id, name: active.name, value: active.value
    } : null;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.elt;
    if (target && !document.body.contains(target)) target = null;
    var again = null;
    if (remembered && remembered.id) again = document.getElementById(remembered.id);
    if (!again && remembered && remembered.name && target) {
      again = target.querySelector("[name='" + remembered.name + "'][value='" + remembered.value + "']");
    }
    if (target && target.querySelector(".errorlist")) {
      summarise(target.parentNode || document);
      return;
    }
    if (again) {
      again.focus();
    } else if (target) {
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus();
    }
  });
})();

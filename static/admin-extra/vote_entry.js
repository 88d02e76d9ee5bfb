/* Roll-call entry: live totals per chamber and the bulk buttons, without a framework.
 *
 * The server renders every number the rule needs (threshold, quorum) and the translated
 * texts; this file only counts the checked radio buttons. Without it the page still works:
 * the bulk buttons are submit buttons the server applies, and the totals are computed on save.
 * The bulk rule is the same as RollCallSheet.apply_bulk in bills/forms.py.
 */
"use strict";
(function () {
  const form = document.getElementById("vote-entry");
  if (!form) {
    return;
  }

  function optionOf(row) {
    const checked = row.querySelector("input[type=radio]:checked");
    return checked ? checked.value : "absent";
  }

  function rowsOf(selector) {
    return Array.from(form.querySelectorAll(selector + " tr[data-deputy]"));
  }

  function bulk(option, scope) {
    let rows = rowsOf(scope ? 'tbody[data-group="' + CSS.escape(scope) + '"]' : "tbody[data-group]");
    if (option !== "absent") {
      const present = rows.filter(function (row) { return optionOf(row) !== "absent"; });
      if (present.length) {
        rows = present;
      }
    }
    rows.forEach(function (row) {
      const radio = row.querySelector('input[type=radio][value="' + option + '"]');
      if (radio) {
        radio.checked = true;
      }
    });
    recount();
  }

  function recount() {
    form.querySelectorAll(".tally[data-chamber]").forEach(function (tally) {
      const counts = {yes: 0, no: 0, abstain: 0, absent: 0};
      rowsOf('tbody[data-chamber="' + CSS.escape(tally.dataset.chamber) + '"]').forEach(function (row) {
        counts[optionOf(row)] += 1;
      });
      let text = tally.dataset.now.replace(/\{(\w+)\}/g, function (whole, name) {
        return name in counts ? String(counts[name]) : whole;
      });
      const threshold = parseInt(tally.dataset.threshold, 10);
      const quorum = parseInt(tally.dataset.quorum, 10);
      if (!isNaN(threshold) && !isNaN(quorum)) {
        // As bills.procedure.outcome: quorum counts those present (yes + no + abstain).
        const present = counts.yes + counts.no + counts.abstain;
        let outcome = tally.dataset.failed;
        if (present < quorum) {
          outcome = tally.dataset.noQuorum;
        } else if (counts.yes >= threshold) {
          outcome = tally.dataset.passed;
        }
        text += " → " + outcome;
      }
      tally.querySelector("output").textContent = text;
    });
  }

  form.addEventListener("change", function (event) {
    if (event.target.type === "radio") {
      recount();
    }
  });
  form.addEventListener("click", function (event) {
    const button = event.target.closest('button[name="bulk"]');
    if (!button) {
      return;
    }
    event.preventDefault();
    const value = button.value;
    const cut = value.indexOf(":");
    bulk(cut < 0 ? value : value.slice(0, cut), cut < 0 ? "" : value.slice(cut + 1));
  });
})();

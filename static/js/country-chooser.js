// Progressive enhancement of the country chooser (a fieldset of checkboxes, EU and
// EEA first, complete without this script): a filter box that hides the countries
// not matching what is typed, and the chosen countries as chips with a remove button.
// Texts come from data-* attributes, translated by the template.
(function () {
  "use strict";

  function fold(text) {
    // "Åland" matches "aland", "Côte" matches "cote".
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function format(template, value) {
    return template.replace("%s", value);
  }

  function enhance(chooser) {
    var list = chooser.querySelector("[data-country-list]");
    var options = Array.prototype.slice.call(chooser.querySelectorAll(".country-chooser__option"));
    var groups = chooser.querySelectorAll(".country-chooser__group");
    var base = chooser.id;
    if (!list || !options.length || !base) {
      return;
    }
    options.forEach(function (option) {
      option.setAttribute("data-name", fold(option.querySelector("label").textContent));
    });

    var chips = document.createElement("ul");
    chips.className = "country-chooser__chips";
    chips.setAttribute("aria-label", chooser.getAttribute("data-chosen-label"));

    var filter = document.createElement("div");
    filter.className = "country-chooser__filter";
    var label = document.createElement("label");
    label.htmlFor = base + "_filter";
    label.textContent = chooser.getAttribute("data-filter-label");
    var input = document.createElement("input");
    input.type = "search";
    input.id = base + "_filter";
    input.autocomplete = "off";
    input.setAttribute("aria-controls", list.id);
    var status = document.createElement("p");
    status.className = "country-chooser__status";
    status.id = base + "_status";
    status.setAttribute("aria-live", "polite");
    input.setAttribute("aria-describedby", status.id);
    filter.appendChild(label);
    filter.appendChild(input);
    filter.appendChild(status);

    list.parentNode.insertBefore(chips, list);
    list.parentNode.insertBefore(filter, list);

    function applyFilter() {
      var query = fold(input.value);
      var shown = 0;
      options.forEach(function (option) {
        var match = !query || option.getAttribute("data-name").indexOf(query) !== -1;
        option.hidden = !match;
        if (match) {
          shown += 1;
        }
      });
      Array.prototype.forEach.call(groups, function (group) {
        group.hidden = !group.querySelector(".country-chooser__option:not([hidden])");
      });
      if (!query) {
        status.textContent = "";
      } else if (shown === 0) {
        status.textContent = chooser.getAttribute("data-none-label");
      } else {
        status.textContent = format(chooser.getAttribute("data-count-label"), shown);
      }
    }

    function renderChips() {
      chips.textContent = "";
      options.forEach(function (option) {
        var box = option.querySelector("input[type=checkbox]");
        if (!box.checked) {
          return;
        }
        var name = option.querySelector("label").textContent.trim();
        var chip = document.createElement("li");
        chip.className = "country-chooser__chip";
        var text = document.createElement("span");
        text.textContent = name;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.textContent = "×";
        remove.setAttribute("aria-label", format(chooser.getAttribute("data-remove-label"), name));
        remove.addEventListener("click", function () {
          var index = Array.prototype.indexOf.call(chips.children, chip);
          box.checked = false;
          renderChips();
          // Keep focus in the chooser: on the chip now in this place, else the filter box.
          var left = chips.children;
          var next = left.length ? left[Math.min(index, left.length - 1)] : null;
          (next ? next.querySelector("button") : input).focus();
        });
        chip.appendChild(text);
        chip.appendChild(remove);
        chips.appendChild(chip);
      });
      chips.hidden = !chips.firstChild;
    }

    input.addEventListener("input", applyFilter);
    input.addEventListener("keydown", function (event) {
      // Enter in the filter box filters; it must not send the whole form.
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
    chooser.addEventListener("change", function (event) {
      if (event.target.type === "checkbox") {
        renderChips();
      }
    });
    renderChips();
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-country-chooser]"), enhance);
})();

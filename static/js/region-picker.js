// Progressive enhancement of the NUTS 2 region <select> (complete without this
// script: every region, grouped by country). It offers only the regions of the
// country or countries chosen in the field named by data-region-for; with none
// chosen, all of them. The chosen region always stays, so nothing typed is lost.
(function () {
  "use strict";

  function enhance(select) {
    var form = select.form;
    var name = select.getAttribute("data-region-for");
    if (!form || !name) {
      return;
    }
    var groups = Array.prototype.slice.call(select.querySelectorAll("optgroup"));
    groups.forEach(function (group) {
      var first = group.querySelector("option[data-country]");
      group.setAttribute("data-country", first ? first.getAttribute("data-country") : "");
    });

    function chosenCountries() {
      var chosen = [];
      Array.prototype.forEach.call(form.elements, function (element) {
        if (element.name !== name) {
          return;
        }
        if (element.tagName === "SELECT") {
          Array.prototype.forEach.call(element.selectedOptions, function (option) {
            if (option.value) {
              chosen.push(option.value);
            }
          });
        } else if (element.checked) {
          chosen.push(element.value);
        }
      });
      return chosen;
    }

    function update() {
      var chosen = chosenCountries();
      var current = select.value;
      groups.forEach(function (group) {
        var country = group.getAttribute("data-country");
        var keep =
          !chosen.length ||
          chosen.indexOf(country) !== -1 ||
          (current && group.querySelector('option[value="' + current + '"]'));
        if (keep && !group.parentNode) {
          select.appendChild(group);
        } else if (!keep && group.parentNode) {
          select.removeChild(group);
        }
      });
      // Re-appended groups go last: put them back in their first order.
      groups.forEach(function (group) {
        if (group.parentNode) {
          select.appendChild(group);
        }
      });
      select.value = current;
    }

    form.addEventListener("change", function (event) {
      if (event.target.name === name) {
        update();
      }
    });
    update();
  }

  document.querySelectorAll("select[data-region-for]").forEach(enhance);
})();

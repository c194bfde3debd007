// Progressive enhancement: show an event's times in the visitor's own time zone
// when it differs from the event's. The page is complete without this script.
(function () {
  "use strict";
  var target = document.querySelector("[data-event-local]");
  var times = document.querySelectorAll("time[data-event-time]");
  if (!target || times.length < 2 || !window.Intl) {
    return;
  }
  var visitorZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var start = new Date(times[0].getAttribute("datetime"));
  var end = new Date(times[1].getAttribute("datetime"));
  if (isNaN(start) || isNaN(end)) {
    return;
  }
  var format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  });
  var offsetOf = function (date, zone) {
    return new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", day: "2-digit", hour12: false }).format(date);
  };
  var eventZone = target.getAttribute("data-event-zone");
  if (eventZone && offsetOf(start, eventZone) === offsetOf(start, visitorZone)) {
    return;
  }
  target.textContent = target.getAttribute("data-label") + " " + format.format(start) + " – " + format.format(end);
  target.hidden = false;
})();

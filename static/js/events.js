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
  // The portal writes European English ("25 March 2027, 08:30"), not US English.
  var lang = document.documentElement.lang || "en";
  var locale = lang === "en" ? "en-GB" : lang;
  var format = new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  });
  var timeOnly = new Intl.DateTimeFormat(locale, {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  });
  var dayOf = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit" });
  var offsetOf = function (date, zone) {
    return new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", day: "2-digit", hour12: false }).format(date);
  };
  var eventZone = target.getAttribute("data-event-zone");
  if (eventZone && offsetOf(start, eventZone) === offsetOf(start, visitorZone)) {
    return;
  }
  // A same-day event names its day once: "25 March 2027, 08:30 – 10:00 UTC".
  var endText = dayOf.format(start) === dayOf.format(end) ? timeOnly.format(end) : format.format(end);
  target.textContent = target.getAttribute("data-label") + " " + format.format(start) + " – " + endText;
  target.hidden = false;
})();

-- wrk script: every request a new practices list URL (no page-cache hit), then the
-- same JSON line as report.lua. BENCH_KIND: "facets" (country, area, year, page) or
-- "search" (a word found in most practices, a country, a page); BENCH_AREAS: slugs.
local kind = os.getenv("BENCH_KIND") or "facets"
local areas = {}
for slug in string.gmatch(os.getenv("BENCH_AREAS") or "", "[^,]+") do
  areas[#areas + 1] = slug
end
local countries = {"AT", "BE", "BG", "DE", "DK", "ES", "FI", "FR", "GR", "IE", "IT", "NL",
                   "PL", "PT", "RO", "SE"}
local words = {"integration", "employment", "community", "language", "training", "youth",
               "housing", "health", "education", "skills"}
local counter = 0

setup = function(thread)
  counter = counter + 1
  thread:set("seed", counter * 7919)
end

init = function(args)
  math.randomseed(seed + os.time())
end

local function pick(list)
  return list[math.random(#list)]
end

request = function()
  local path
  if kind == "search" then
    path = string.format("/practices/?q=%s&country=%s&page=%d",
      pick(words), pick(countries), math.random(1, 50))
  else
    path = string.format("/practices/?country=%s&area=%s&year=%d&page=%d",
      pick(countries), pick(areas), math.random(2005, 2025), math.random(1, 3))
  end
  return wrk.format("GET", path)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'JSON {"requests": %d, "duration_us": %d, "socket_errors": %d, "non2xx": %d, ' ..
    '"p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end

-- wrk script: every request a new practices list URL (no page-cache hit), then the
-- same JSON line as report.lua. BENCH_KIND: "facets" (country, area, year, page) or
-- "search" (a word found in most practices, a country, a page), "rare", "map" (the
-- practices map with new facet combinations) or "mixed" (search and facets, for one
-- client's flood); BENCH_AREAS: slugs.
-- "api" and "api-search": the same for the open data API's list (/api/v1/practices),
-- a new URL each time so its cache never answers; a deeper page is a `limit` instead.
local kind = os.getenv("BENCH_KIND") or "facets"
local areas = {}
for slug in string.gmatch(os.getenv("BENCH_AREAS") or "", "[^,]+") do
  areas[#areas + 1] = slug
end
local countries = {"AT", "BE", "BG", "DE", "DK", "ES", "FI", "FR", "GR", "IE", "IT", "NL",
                   "PL", "PT", "RO", "SE"}
local words = {"integration", "employment", "community", "language", "training", "youth",
               "housing", "health", "education", "skills"}
-- "rare": a word found in one practice in 30 to 50 (a city), an area, a year.
local rare = {"odense", "plovdiv", "cork", "palermo", "tampere", "aarhus", "graz", "porto"}
local counter = 0
local threads = {}

setup = function(thread)
  counter = counter + 1
  threads[#threads + 1] = thread
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
  local this = kind
  if kind == "mixed" then
    -- one client's flood: common words and new facet combinations, alternately
    this = (math.random(2) == 1) and "search" or "facets"
  end
  if this == "search" then
    path = string.format("/practices/?q=%s&country=%s&page=%d",
      pick(words), pick(countries), math.random(1, 50))
  elseif this == "api" then
    path = string.format("/api/v1/practices?country=%s&area=%s&year=%d&limit=%d",
      pick(countries), pick(areas), math.random(2005, 2025), math.random(10, 60))
  elseif this == "api-search" then
    path = string.format("/api/v1/practices?q=%s&country=%s&limit=%d",
      pick(words), pick(countries), math.random(10, 60))
  elseif this == "rare" then
    path = string.format("/practices/?q=%s&area=%s&year=%d",
      pick(rare), pick(areas), math.random(2005, 2025))
  elseif kind == "map" then
    -- The map with the list's filters: counted in the same facet index.
    path = string.format("/map/?area=%s&evidence=%s&year=%d",
      pick(areas), pick({"promising", "good", "best"}), math.random(2005, 2025))
  else
    path = string.format("/practices/?country=%s&area=%s&year=%d&page=%d",
      pick(countries), pick(areas), math.random(2005, 2025), math.random(1, 3))
  end
  return wrk.format("GET", path)
end

-- Non-2xx answers by status, so errors can be told apart (429 budget, 503 timeout, 500).
statuses = ""
response = function(status, headers, body)
  if status >= 300 then
    statuses = statuses .. status .. " "
  end
end

done = function(summary, latency, requests)
  local by_status = {}
  for _, thread in ipairs(threads) do
    for code in string.gmatch(thread:get("statuses") or "", "%d+") do
      by_status[code] = (by_status[code] or 0) + 1
    end
  end
  local parts = {}
  for code, number in pairs(by_status) do
    parts[#parts + 1] = string.format('"%s": %d', code, number)
  end
  local e = summary.errors
  io.write(string.format(
    'JSON {"requests": %d, "duration_us": %d, "socket_errors": %d, "non2xx": %d, ' ..
    '"p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, "statuses": {%s}}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, table.concat(parts, ", ")))
end

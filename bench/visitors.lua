-- wrk script for `make load`: anonymous visitors. Each request is a random page from
-- the file named by the first script argument (one path a line); any answer other
-- than 200 counts as an error. Prints one JSON line with latency quantiles.
local threads = {}

setup = function(thread)
  table.insert(threads, thread)
end

init = function(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then table.insert(paths, line) end
  end
  bad = 0
  math.randomseed(os.time() + math.floor(os.clock() * 1e6) + #paths)
end

request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end

response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end

done = function(summary, latency, requests)
  local e = summary.errors
  local bad_total = 0
  for _, thread in ipairs(threads) do bad_total = bad_total + thread:get("bad") end
  local quantiles = {}
  for i = 1, 1000 do
    quantiles[i] = string.format("%.3f", latency:percentile(i / 10) / 1000)
  end
  io.write(string.format(
    'JSON {"requests": %d, "duration_us": %d, "socket_errors": %d, "not_200": %d, ' ..
    '"quantiles_ms": [%s]}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, bad_total,
    table.concat(quantiles, ", ")))
end

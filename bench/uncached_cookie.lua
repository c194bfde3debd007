-- wrk script: every request carries a new, unknown session cookie, so the page cache
-- never answers (anonymous visitors with a cookie always get a fresh render) and the
-- portal renders the page as for the first visitor after a change.
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, nil, {["Cookie"] = "sessionid=bench" .. counter .. "x" .. math.random(1e9)})
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'JSON {"requests": %d, "duration_us": %d, "socket_errors": %d, "non2xx": %d, ' ..
    '"p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end

-- One wrk script for every scenario, driven by environment variables (bench/run.py sets them):
--   BENCH_KEY    the API key
--   BENCH_KIND   paths | sequence | path | create
--                  paths:    each request takes a path at random from the file BENCH_PATHS
--                  sequence: each thread walks BENCH_PATHS in order from a random line, as a
--                            person types one prefix after another (or takes each zone in turn)
--                  path:     every request is BENCH_PATH (the fixed-path comparison rows)
--                  create:   POST /v1/customers with an address
--   BENCH_RUN    a token that keeps the emails created by kind=create unique across runs
-- done() prints one line "BENCH_JSON {...}": counts, statuses by class (2xx, 3xx, 4xx, 5xx),
-- latency percentiles.

local key = os.getenv("BENCH_KEY")
local kind = os.getenv("BENCH_KIND") or "path"
local path = os.getenv("BENCH_PATH") or "/"
local run = os.getenv("BENCH_RUN") or "0"
local paths = {}
local position = 0
local counter = 0
local threads = {}
-- Per thread (each thread has its own Lua state); summed over threads in done().
statuses = {0, 0, 0, 0, 0}  -- a global: done() reads it with thread:get

wrk.headers["Authorization"] = "Bearer " .. key
wrk.headers["Accept"] = "application/json"

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("tid", #threads)
end

function init(args)
  if kind == "paths" or kind == "sequence" then
    for line in io.lines(os.getenv("BENCH_PATHS")) do
      if line ~= "" then paths[#paths + 1] = line end
    end
  end
  math.randomseed(os.time() * 1000 + (tid or 0))
  if #paths > 0 then position = math.random(#paths) - 1 end
end

function request()
  if kind == "paths" then
    return wrk.format("GET", paths[math.random(#paths)])
  elseif kind == "sequence" then
    position = position % #paths + 1
    return wrk.format("GET", paths[position])
  elseif kind == "create" then
    counter = counter + 1
    local body = string.format(
      '{"first_name":"Bench","last_name":"Runner","email":"bench-%s-%d-%d@example.com",' ..
      '"phone":"+1541555%04d","send_invitation":false,' ..
      '"address":{"label":"Home","street":"%d Oak Ave","city":"Eugene","state":"OR","zip":"97401"}}',
      run, tid or 0, counter, counter % 10000, counter)
    -- wrk.format's headers replace wrk.headers, so the key goes in again.
    local headers = {["Content-Type"] = "application/json"}
    for name, value in pairs(wrk.headers) do headers[name] = value end
    return wrk.format("POST", "/v1/customers", headers, body)
  end
  return wrk.format("GET", path)
end

function response(status, headers, body)
  local class = math.floor(status / 100)
  if class >= 1 and class <= 5 then statuses[class] = statuses[class] + 1 end
end

function done(summary, latency, requests)
  local by_class = {0, 0, 0, 0, 0}
  for _, thread in ipairs(threads) do
    local counted = thread:get("statuses")
    for class = 1, 5 do by_class[class] = by_class[class] + counted[class] end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"errors_status":%d,' ..
    '"errors_connect":%d,"errors_read":%d,"errors_write":%d,"errors_timeout":%d,' ..
    '"status_2xx":%d,"status_3xx":%d,"status_4xx":%d,"status_5xx":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.status, e.connect, e.read, e.write,
    e.timeout, by_class[2], by_class[3], by_class[4], by_class[5],
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end

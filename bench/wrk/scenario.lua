-- One wrk script for every scenario, driven by environment variables (bench/run.py sets them):
--   BENCH_KEY   the API key              BENCH_KIND  get | duplicates | path | create
--   BENCH_PATH  the path for kind=path   BENCH_IDS   a file of customer ids for kind=get
--                                                    and kind=duplicates
--   BENCH_RUN   a token that keeps the emails created by kind=create unique across runs
-- done() prints one line "BENCH_JSON {...}" with the counts and latency percentiles.

local key = os.getenv("BENCH_KEY")
local kind = os.getenv("BENCH_KIND") or "path"
local path = os.getenv("BENCH_PATH") or "/"
local run = os.getenv("BENCH_RUN") or "0"
local ids = {}
local counter = 0
local threads = 0

wrk.headers["Authorization"] = "Bearer " .. key
wrk.headers["Accept"] = "application/json"

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  if kind == "get" or kind == "duplicates" then
    for line in io.lines(os.getenv("BENCH_IDS")) do
      ids[#ids + 1] = line
    end
  end
  math.randomseed(os.time() * 1000 + (tid or 0))
end

function request()
  if kind == "get" then
    return wrk.format("GET", "/v1/customers/" .. ids[math.random(#ids)])
  elseif kind == "duplicates" then
    return wrk.format("GET", "/v1/customers/" .. ids[math.random(#ids)] .. "/duplicates")
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

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"errors_status":%d,' ..
    '"errors_connect":%d,"errors_read":%d,"errors_write":%d,"errors_timeout":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.status, e.connect, e.read, e.write,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end

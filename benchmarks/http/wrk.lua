-- wrk script for benchmarks/run.py: POST step requests over keep-alive and
-- print the result as one JSON line ("WRKJSON {...}") for the harness.
--
-- Environment (set by run.py):
--   GYMCC_WRK_IDS      comma-separated instance ids: POST /v1/envs/{id}/step/.
--                      wrk's Lua cannot tell connections apart, so the ids are
--                      split between wrk's threads and each thread cycles
--                      round-robin through its own pool (as many ids as
--                      connections): an env is not pinned to one connection.
--                      Empty: the floor, POST GYMCC_WRK_PATH (nginx ignores it).
--   GYMCC_WRK_PATH     the floor's path (same length as a step path)
--   GYMCC_WRK_ACTIONS  comma-separated JSON actions, cycled (default "0,1")
--   GYMCC_WRK_THREADS  wrk's -t, to split the ids
--   GYMCC_WRK_CDF      quantiles to print for the chart (0: none)
-- Requests are pre-built in init(), so gymcc and the floor cost wrk the same.

local next_thread = 0

function setup(thread)
  thread:set("thread_index", next_thread)
  next_thread = next_thread + 1
end

local requests = {}
local counter = 0

local function split(text)
  local out = {}
  for item in string.gmatch(text or "", "[^,]+") do table.insert(out, item) end
  return out
end

function init(args)
  local headers = {["Content-Type"] = "application/json"}
  local actions = split(os.getenv("GYMCC_WRK_ACTIONS"))
  if #actions == 0 then actions = {"0", "1"} end
  local all = split(os.getenv("GYMCC_WRK_IDS"))
  local threads = tonumber(os.getenv("GYMCC_WRK_THREADS") or "1")
  local mine = {}
  for i, id in ipairs(all) do
    if (i - 1) % threads == thread_index then table.insert(mine, id) end
  end
  if #all > 0 and #mine == 0 then mine = all end
  if #mine == 0 then
    local path = os.getenv("GYMCC_WRK_PATH") or "/v1/envs/00000000-0000-0000-0000-000000000000/step/"
    for _, a in ipairs(actions) do
      table.insert(requests, wrk.format("POST", path, headers, '{"action":' .. a .. '}'))
    end
  else
    -- id-major within each action round: consecutive requests go to different envs.
    for _, a in ipairs(actions) do
      for _, id in ipairs(mine) do
        table.insert(requests, wrk.format("POST", "/v1/envs/" .. id .. "/step/", headers,
                                          '{"action":' .. a .. '}'))
      end
    end
  end
end

function request()
  counter = counter + 1
  return requests[(counter - 1) % #requests + 1]
end

function done(summary, latency, requests_)
  local n = tonumber(os.getenv("GYMCC_WRK_CDF") or "0")
  local cdf = {}
  if n > 1 and summary.requests > 0 then
    local tail = 1 / summary.requests
    for i = 0, n - 1 do
      local q = 1 - tail ^ (i / (n - 1))
      local v = (q <= 0) and latency.min or latency:percentile(q * 100)
      table.insert(cdf, string.format("[%.6f,%.3f]", q * 100, v))
    end
  end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"errors":{"connect":%d,"read":%d,"write":%d,' ..
    '"status":%d,"timeout":%d},"latency_us":{"count":%d,"min":%.3f,"p50":%.3f,"p90":%.3f,' ..
    '"p99":%.3f,"p999":%.3f,"max":%.3f,"mean":%.3f,"cdf":[%s]}}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    summary.requests, latency.min, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9), latency.max, latency.mean,
    table.concat(cdf, ",")))
end

-- wrk script: POST /v1/envs/{id}/step/ round-robin over this thread's envs.
-- The env ids come from the environment variable GYMCC_ENV_IDS (comma-separated),
-- split evenly between wrk's threads.
local ids = {}
local counter = 0
local next_thread = 0

function setup(thread)
  thread:set("thread_index", next_thread)
  next_thread = next_thread + 1
end

function init(args)
  local all = {}
  for id in string.gmatch(os.getenv("GYMCC_ENV_IDS") or "", "[^,]+") do
    table.insert(all, id)
  end
  local threads = tonumber(os.getenv("GYMCC_WRK_THREADS") or "1")
  for i, id in ipairs(all) do
    if (i - 1) % threads == thread_index then table.insert(ids, id) end
  end
  if #ids == 0 then ids = all end
end

function request()
  counter = counter + 1
  local id = ids[(counter % #ids) + 1]
  return wrk.format("POST", "/v1/envs/" .. id .. "/step/",
                    {["Content-Type"] = "application/json"}, '{"action": ' .. (counter % 2) .. '}')
end

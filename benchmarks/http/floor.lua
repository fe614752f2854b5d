-- wrk script for the nginx floor: the same request shape as step.lua.
function request()
  return wrk.format("POST", "/v1/envs/floor/step/",
                    {["Content-Type"] = "application/json"}, '{"action": 1}')
end

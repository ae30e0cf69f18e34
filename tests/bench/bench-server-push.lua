-- bench-server-push.lua: wrk script pushing batches of new contacts
--
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Every request is a batch of OPS_PER_REQUEST creates with fresh ids, so the
-- server does real work for each and no op_id is ever replayed.
--
-- A server takes one push at a time from each user: with TOKENS (one bearer
-- token per user, comma-separated) each wrk thread pushes as its own user,
-- so run as many threads as connections. Without it, the -H header's.

local ops_per_request = tonumber(os.getenv("OPS_PER_REQUEST") or "20")
local counter = 0
local tokens = {}
local next_token = 0

for token in string.gmatch(os.getenv("TOKENS") or "", "[^,]+") do
  tokens[#tokens + 1] = token
end

local function uuid()
  -- A random RFC 9562 version 4 id: the server accepts any version.
  local hex = "0123456789abcdef"
  local out = {}
  for i = 1, 32 do
    local n = math.random(1, 16)
    if i == 13 then n = 5 end             -- version 4
    if i == 17 then n = math.random(9, 12) end  -- variant 10xx
    out[#out + 1] = hex:sub(n, n)
  end
  local s = table.concat(out)
  return s:sub(1, 8) .. "-" .. s:sub(9, 12) .. "-" .. s:sub(13, 16) .. "-" ..
         s:sub(17, 20) .. "-" .. s:sub(21, 32)
end

function setup(thread)
  thread:set("seed", math.random(1, 1000000000))
  if #tokens > 0 then
    next_token = next_token % #tokens + 1
    thread:set("token", tokens[next_token])
  end
end

function init(args)
  math.randomseed(seed or os.time())
end

function request()
  local ops = {}
  for i = 1, ops_per_request do
    counter = counter + 1
    ops[#ops + 1] = string.format(
      '{"op_id":"%s","entity":"contact","id":"%s","op":"create","base_version":0,' ..
      '"changes":{"first_name":{"base":null,"new":"Load %d"}}}', uuid(), uuid(), counter)
  end
  local body = '{"ops":[' .. table.concat(ops, ",") .. ']}'
  -- wrk.format() takes these headers instead of the -H ones: keep both.
  local headers = { ["Content-Type"] = "application/json" }
  for name, value in pairs(wrk.headers) do
    headers[name] = value
  end
  if token then
    headers["Authorization"] = "Bearer " .. token
  end
  return wrk.format("POST", "/api/v1/push", headers, body)
end

-- wrk script for deploy/bench-load.sh: the same private Telegram message from 5,000 chats, each
-- request with a fresh update_id (one wrk thread: one counter). SECRET and WEBHOOK_PATH come
-- from the environment. With PROBE=1 it asks GET WEBHOOK_PATH instead (/healthz during a load).
--
-- With RATE (requests a second, over this thread's connections) the requests keep a fixed
-- schedule, request k at k / RATE seconds, instead of each following the last answer: a steady
-- load, at which latency is measured. A server that falls behind gets the late ones at once.
local counter = 0
local secret = os.getenv("SECRET") or ""
local path = os.getenv("WEBHOOK_PATH") or "/telegram/webhook"
local probe = os.getenv("PROBE") == "1"
local rate = tonumber(os.getenv("RATE") or "")

request = function()
  if probe then return wrk.format("GET", path) end
  counter = counter + 1
  local chat = 100000 + (counter % 5000)
  local body = string.format(
    '{"update_id":%d,"message":{"message_id":%d,"date":1764000000,' ..
    '"chat":{"id":%d,"type":"private","first_name":"Runner"},' ..
    '"from":{"id":%d,"is_bot":false,"first_name":"Runner"},"text":"hello"}}',
    counter, counter, chat, chat)
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/json",
    ["X-Telegram-Bot-Api-Secret-Token"] = secret,
  }, body)
end

if rate then
  local ffi = require("ffi")
  ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clock, bench_timespec* now);
  ]]
  local now = ffi.new("bench_timespec")
  local function now_ms()
    ffi.C.clock_gettime(1, now)  -- CLOCK_MONOTONIC
    return tonumber(now.tv_sec) * 1000 + tonumber(now.tv_nsec) / 1e6
  end
  local interval = 1000 / rate
  local slot
  delay = function()
    local at = now_ms()
    slot = (slot or at) + interval
    return math.max(0, math.floor(slot - at))
  end
end

-- wrk script for deploy/bench-load.sh: the same private Telegram message from 5,000 chats, each
-- request with a fresh update_id (one wrk thread: one counter). SECRET and WEBHOOK_PATH come
-- from the environment.
local counter = 0
local secret = os.getenv("SECRET") or ""
local path = os.getenv("WEBHOOK_PATH") or "/telegram/webhook"

request = function()
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

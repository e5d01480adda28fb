-- tcpchat/ids.lua: user IDs as the server reads them (lib/core/user_id.ts), for the dissector: what
-- an ID the server accepts looks like, and when two IDs clash (equal ignoring case, or with the
-- same UTS #39 look-alike skeleton: `a1ice` is `alice`). A test compares the lists with the
-- server's.
--
-- Pure Lua, no Wireshark API; Wireshark also runs this file alone as a plugin, which does nothing.

local MAX_ID_LENGTH = 16
local RESERVED_IDS = { "server", "room", "all", "who", "exit", "help" }
local LOOK_ALIKES = { ["0"] = { "O", "o" }, ["1"] = { "l", "i" }, ["I"] = { "l" } }
local MAX_READ_DIGITS = 4

local ids = {}

-- JavaScript's toLowerCase() on what can be an ID's key: ASCII letters, and the Kelvin sign,
-- whose lower case is an ASCII k.
local function lower(s)
  return (s:gsub("\226\132\170", "k"):lower())
end
ids.lower = lower

-- `id` with each character read as its look-alikes (readAs() in lib/core/user_id.ts); with
-- `digits_only`, letters are read as themselves.
local function read_as(id, digits_only)
  local readings, digits = { "" }, 0
  for char in id:gmatch(".") do
    local prototypes = (not digits_only or char:find("%d")) and LOOK_ALIKES[char] or { char }
    local choices = { prototypes[1] }
    if #prototypes > 1 then
      digits = digits + 1
      if digits <= MAX_READ_DIGITS then choices = prototypes end
    end
    local more = {}
    for _, r in ipairs(readings) do
      for _, c in ipairs(choices) do more[#more + 1] = r .. c end
    end
    readings = more
  end
  return readings
end

-- The UTS #39 skeletons of an ID as typed (skeletons() in lib/core/user_id.ts).
function ids.skeletons(id)
  return read_as(id, false)
end

-- The keys two clashing IDs share (idKeys()); `id` is already trimmed. An ID with a digit is
-- also read with its digits as letters, ignoring case (`B0B` is `bob`).
function ids.keys(id)
  local keys = { ["case " .. lower(id)] = true }
  if id:find("%d") then
    for _, r in ipairs(read_as(id, true)) do keys["case " .. lower(r)] = true end
  end
  for _, s in ipairs(ids.skeletons(id)) do keys["look " .. s] = true end
  return keys
end

-- True when trimmed IDs `a` and `b` clash.
function ids.clash(a, b)
  local of_b = ids.keys(b)
  for key in pairs(ids.keys(a)) do
    if of_b[key] then return true end
  end
  return false
end

-- True when the server accepts `id` (trimmed) as an ID, unless another user holds it (checkId()).
function ids.valid(id)
  if id == "" or #id > MAX_ID_LENGTH or not id:find("^[A-Za-z][A-Za-z0-9_%-]*$") then
    return false
  end
  for _, word in ipairs(RESERVED_IDS) do
    if ids.clash(id, word) then return false end
  end
  return true
end

return ids

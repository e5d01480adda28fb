-- tcpchat/grammar.lua: what a tcpchat line means, for the dissector (wireshark/tcpchat.lua).
--
-- Server lines say what they are (`* ` notice, `! ` error, `? ` prompt, `<id> `, `#room <id> `,
-- `[ip:port] `; docs/PROTOCOL.md). Client lines do not: "bob" is an ID, a request or a message
-- depending on where the user is, which tcpchat/follow.lua works out as the server does.
--
-- Which mode the server runs in decides the rest (preference `mode`, or learned per stream and
-- then per server): a chat server's first line is always `* welcome:`; an echo server's lines are
-- the client's own lines coming back (kind `text`, whatever they look like); a broadcast server's
-- are `[ip:port] text`. Client lines in broadcast and echo modes, or before anything placed the
-- user, are kind `text`.
--
-- Every line also says the hop it makes: `alice → server (to bob)` for what alice sends, and
-- `server → bob (from alice)` for the server relaying it.
--
-- Pure Lua, no Wireshark API; Wireshark also runs this file alone as a plugin, which does nothing.

-- The grammar's fixed words, exactly as lib/core/protocol.ts lists them (a test compares them).
local NOTICE_CODES = { "welcome", "hello", "who", "waiting", "chat", "declined", "withdrawn",
  "timeout", "chat-ended", "room", "joined", "left", "room-left", "bye", "stopping", "operator",
  "here" }
local ERROR_CODES = { "id-empty", "id-too-long", "id-invalid", "id-reserved", "id-taken",
  "choice", "alone", "no-such-user", "self", "busy", "still-waiting", "answer", "line-too-long",
  "full", "too-slow", "too-many-from-ip", "flood", "login-timeout", "idle", "kicked" }
local PROMPT_CODES = { "id", "menu", "target", "request" }
-- What a line means in the menu, and while typing who to chat with (docs/PROTOCOL.md).
local MENU = { ["1"] = "private chat", ["2"] = "exit", ["3"] = "common room",
  ["4"] = "who is online", ["who"] = "who is online", ["exit()"] = "exit", [""] = "menu again" }
local CHOOSING = { [""] = "back to the menu", ["exit()"] = "back to the menu",
  ["who"] = "who is online" }
-- Notices a server sends in every mode: they tell nothing of the mode.
local ANY_MODE = { stopping = true, operator = true, here = true }
-- Client lines kept to recognise their echo, at most.
local MAX_UNECHOED = 64

local function set_of(list)
  local set = {}
  for _, word in ipairs(list) do set[word] = true end
  return set
end
local CODES = { ["*"] = set_of(NOTICE_CODES), ["!"] = set_of(ERROR_CODES),
  ["?"] = set_of(PROMPT_CODES) }
local KIND_OF_SIGIL = { ["*"] = "notice", ["!"] = "error", ["?"] = "prompt" }
local ID = "[A-Za-z][A-Za-z0-9_%-]*"

local follow -- tcpchat/follow.lua, given by grammar.uses()

local grammar = { mode = "auto", modes = {} }

-- The modules this one needs, and the preference `mode` ("auto", "chat", "echo", "broadcast").
function grammar.uses(text_module, ids_module, follow_module)
  follow = follow_module
  follow.uses(text_module, ids_module)
end

-- A new capture: what was learned of each server's mode is forgotten.
function grammar.reset(mode)
  grammar.mode, grammar.modes = mode or "auto", {}
end

-- A new connection's state: `client` is its ip:port, `server` its server's.
function grammar.conversation(client, server)
  local known = grammar.mode ~= "auto" and grammar.mode or grammar.modes[server]
  return { client = client, server = server, mode = known, place = {}, pending = {},
    unechoed = {} }
end

-- Who the client of connection `state` is: its ID once the server accepted one, else ip:port.
function grammar.name_of(state)
  return state.place.id or state.client
end
local name_of = grammar.name_of

local function learn(state, mode)
  state.mode = mode
  if grammar.mode == "auto" then grammar.modes[state.server] = mode end
end

-- Classifies a line from the server; the grammar of lib/core/protocol.ts parseServerLine().
local function parse_server_line(line)
  local sigil, code, subject, text = line:match("^([%*!%?]) ([a-z][a-z%-]*) (" .. ID .. "): (.*)$")
  if not sigil then
    sigil, code, text = line:match("^([%*!%?]) ([a-z][a-z%-]*): (.*)$")
    subject = nil
  end
  if sigil and CODES[sigil][code] then
    return { kind = KIND_OF_SIGIL[sigil], code = code, subject = subject, text = text }
  end
  local from, said = line:match("^#room <(" .. ID .. ")> (.*)$")
  if from then return { kind = "room", from = from, text = said } end
  from, said = line:match("^<(" .. ID .. ")> (.*)$")
  if from then return { kind = "private", from = from, text = said } end
  from, said = line:match("^%[(%[[%x:%.%%%w]+%]:%d+)%] (.*)$")
  if not from then from, said = line:match("^%[([^%s%[%]]+:%d+)%] (.*)$") end
  if from then return { kind = "broadcast", from = from, text = said } end
  return { kind = "text", text = line }
end

-- What client line `p.line` means when typed in place `at` (chat.ts): fills in `p.item`.
local function meaning(state, p, at)
  local line, c = p.line, p.item
  local typed, lower = follow.words(line)
  local me, peer, place = at.id or state.client, at.peer, at.kind
  c.from, c.to, c.text, c.after = me, "server", line, at.because
  local exit = lower == "exit()"
  if place == "naming" then
    c.kind, c.info = exit and "command" or "id", exit and "exit()" or ("ID " .. typed)
  elseif place == "menu" then
    c.kind, c.info = "choice", "menu " .. typed .. " (" .. (MENU[lower] or "not a choice") .. ")"
  elseif place == "choosing" and CHOOSING[lower] then
    c.kind = "choice"
    c.info = (typed == "" and "(empty line)" or typed) .. " (" .. CHOOSING[lower] .. ")"
  elseif place == "choosing" then
    c.kind, c.to, c.info = "request", typed, "chat request"
  elseif place == "requesting" then
    c.kind, c.info = exit and "command" or "text", exit and "exit() (withdraw the request)" or line
  elseif place == "answering" then
    local yes = follow.yes(typed, lower, peer)
    local no = lower == "n" or lower == "no" or exit
    local means = yes and "accept" or (no and "refuse" or "not y/n")
    c.kind, c.to, c.info = "answer", peer, "answer " .. typed .. " (" .. means .. ")"
  elseif (place == "private" or place == "room") and exit then
    c.kind = "command"
    c.info = "exit() (leave the " .. (place == "room" and "room" or "chat") .. ")"
  elseif (place == "private" or place == "room") and typed == "" then
    c.kind, c.info = "text", "(an empty line: the server ignores it)"
  elseif place == "private" then
    c.kind, c.to, c.info = "private", peer, line
  elseif place == "room" then
    c.kind, c.to, c.info = "room", "room", line
  else
    c.kind, c.info, c.after = "text", line, nil
  end
  -- The hop this packet makes, then where the server is to take the line.
  local beyond = c.to == "room" and " (to the room)" or ""
  if c.to ~= "server" and c.to ~= "room" then beyond = " (to " .. c.to .. ")" end
  c.info = me .. " → server" .. beyond .. ": " .. c.info
end

-- Classifies a line from a client (an item that later server lines may still correct).
function grammar.client_line(state, line)
  local p = { line = line, item = {} }
  if state.mode ~= "chat" and state.mode ~= "broadcast" then
    local list = state.unechoed
    list[#list + 1] = line
    if #list > MAX_UNECHOED then table.remove(list, 1) end
  end
  if state.mode == "echo" or state.mode == "broadcast" then
    meaning(state, p, {})
  else
    follow.client_line(state, p, function(q, at) meaning(state, q, at) end)
  end
  return p.item
end

-- True when `line` is one of the client's lines coming back (echo mode): they are dropped.
local function echoed(state, line)
  for i, sent in ipairs(state.unechoed) do
    if sent == line then
      for _ = 1, i do table.remove(state.unechoed, 1) end
      return true
    end
  end
  return false
end

function grammar.server_line(state, line)
  local parsed
  if state.mode ~= "chat" and state.mode ~= "broadcast" and echoed(state, line) then
    if not state.mode then learn(state, "echo") end
    parsed = { kind = "text", text = line }
  else
    parsed = parse_server_line(line)
  end
  local replay = function(q, at) meaning(state, q, at) end
  if not state.mode then
    if parsed.kind == "broadcast" then learn(state, "broadcast")
    elseif parsed.kind == "prompt" or parsed.kind == "private" or parsed.kind == "room"
      or (parsed.kind == "notice" and not ANY_MODE[parsed.code]) then
      learn(state, "chat")
    end
  end
  if state.mode == "chat" and parsed.kind == "notice" and parsed.code == "welcome" then
    follow.welcome(state, line, replay)
  elseif state.mode == "chat" then
    follow.server_line(state, parsed, line, replay)
  end
  local c = { kind = parsed.kind, code = parsed.code, subject = parsed.subject,
    from = parsed.from or "server", to = name_of(state), text = parsed.text, info = parsed.text }
  if parsed.kind == "notice" or parsed.kind == "error" or parsed.kind == "prompt" then
    c.info = line
  end
  -- The hop this packet makes, then who the relayed line is from.
  local origin = ""
  if parsed.from then
    origin = (parsed.kind == "room" and " (room, from " or " (from ") .. parsed.from .. ")"
  end
  c.info = "server → " .. c.to .. origin .. ": " .. c.info
  return c
end

-- After bytes of the server's lines went missing, where the user is is unknown.
function grammar.forget_place(state)
  follow.forget(state)
end

-- Who sends and who receives on this hop: `up` is the client's direction.
function grammar.hop(state, up)
  if up then return name_of(state), "server" end
  return "server", name_of(state)
end

return grammar

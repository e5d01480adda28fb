-- tcpchat/grammar.lua: what a tcpchat line means, for the dissector (wireshark/tcpchat.lua).
--
-- Server lines say what they are (`* ` notice, `! ` error, `? ` prompt, `<id> `, `#room <id> `,
-- `[ip:port] `; docs/PROTOCOL.md). Client lines do not: "bob" is an ID, a request or a message
-- depending on where the user is. So each connection is followed as our client follows it
-- (`placeAfter()` in lib/core/protocol.ts): after `? id:` the next client line is an ID, after
-- `? request alice:` an answer, after `* chat alice:` a private message. Client lines in broadcast
-- and echo modes, or before any server line placed the user, are kind "text".
--
-- Every line also says the hop it makes: `alice → server (to bob)` for what alice sends, and
-- `server → bob (from alice)` for the server relaying it.
--
-- Pure Lua, no Wireshark API; Wireshark also runs this file alone as a plugin, which does nothing.

-- The grammar's fixed words, exactly as lib/core/protocol.ts lists them (a test compares them).
local NOTICE_CODES = { "welcome", "hello", "who", "waiting", "chat", "declined", "withdrawn",
  "timeout", "chat-ended", "room", "joined", "left", "room-left", "bye", "stopping", "operator" }
local ERROR_CODES = { "id-empty", "id-too-long", "id-invalid", "id-reserved", "id-taken",
  "choice", "alone", "no-such-user", "self", "busy", "still-waiting", "answer", "line-too-long",
  "full", "too-slow", "too-many-from-ip", "flood", "login-timeout", "idle", "kicked" }
local PROMPT_CODES = { "id", "menu", "target", "request" }
-- What a line means in the menu, and while typing who to chat with (docs/PROTOCOL.md).
local MENU = { ["1"] = "private chat", ["2"] = "exit", ["3"] = "common room",
  ["4"] = "who is online", ["who"] = "who is online", ["exit()"] = "exit", [""] = "menu again" }
local CHOOSING = { [""] = "back to the menu", ["exit()"] = "back to the menu",
  ["who"] = "who is online" }

local function set_of(list)
  local set = {}
  for _, word in ipairs(list) do set[word] = true end
  return set
end
local CODES = { ["*"] = set_of(NOTICE_CODES), ["!"] = set_of(ERROR_CODES),
  ["?"] = set_of(PROMPT_CODES) }
local KIND_OF_SIGIL = { ["*"] = "notice", ["!"] = "error", ["?"] = "prompt" }
local ID = "[A-Za-z][A-Za-z0-9_%-]*"

local grammar = {}

local function trim(s)
  return (s:gsub("^%s+", ""):gsub("%s+$", ""))
end

-- Who the client of connection `state` is: its ID once the server accepted one, else ip:port.
function grammar.name_of(state)
  return state.id or state.client
end
local name_of = grammar.name_of

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

-- What the client will mean by its next line after this server line (placeAfter()).
local function follow(state, parsed, line)
  local code, subject = parsed.code, parsed.subject
  local place
  if parsed.kind == "prompt" then
    if code == "id" then place = "naming"
    elseif code == "menu" then place = "menu"
    elseif code == "target" then place = "choosing"
    elseif code == "request" and subject then place = "answering"
    end
  elseif parsed.kind == "notice" then
    if code == "hello" and subject then state.id = subject end
    if code == "waiting" and subject then place = "requesting"
    elseif code == "chat" and subject then place = "private"
    elseif code == "room" then place = "room"
    elseif code == "bye" or code == "stopping" then place = "gone"
    end
  end
  if place then
    state.place, state.peer, state.because = place, subject, line
  end
end

-- After bytes of the server's lines went missing, where the user is is unknown.
function grammar.forget_place(state)
  state.place, state.peer, state.because = nil, nil, nil
end

-- Classifies a line from a client by what the server last told that client.
function grammar.client_line(state, line)
  local typed = trim(line)
  local lower = typed:lower()
  local me, peer, place = name_of(state), state.peer, state.place
  local c = { from = me, to = "server", text = line, after = state.because }
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
    local yes = lower == "y" or lower == "yes" or lower == (peer or ""):lower()
    local no = lower == "n" or lower == "no" or exit
    local meaning = yes and "accept" or (no and "refuse" or "not y/n")
    c.kind, c.to, c.info = "answer", peer, "answer " .. typed .. " (" .. meaning .. ")"
  elseif (place == "private" or place == "room") and exit then
    c.kind = "command"
    c.info = "exit() (leave the " .. (place == "room" and "room" or "chat") .. ")"
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
  return c
end

function grammar.server_line(state, line)
  local parsed = parse_server_line(line)
  -- Follow first: `* hello alice` is already addressed to alice.
  follow(state, parsed, line)
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

-- Who sends and who receives on this hop: `up` is the client's direction.
function grammar.hop(state, up)
  if up then return name_of(state), "server" end
  return "server", name_of(state)
end

return grammar

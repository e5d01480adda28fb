-- tcpchat/follow.lua: where a chat-mode user is, for the dissector (grammar.lua): each client line
-- moves the user as lib/core/chat.ts would, and the server's lines confirm or correct it.
--
-- A client may send lines before the server answered the ones before (`printf 'alice\n3\nhi\n' |
-- nc`): the server reads them in order, each in the place the one before left the user. So every
-- client line is read in the place the lines before it lead to (a prediction), and kept as
-- pending until the server answers it. A server line that ends an answer (the prompt or notice
-- that closes what the server sends for that line, ENDS below) confirms the place; any other line
-- that places the user (another user's request, a partner leaving) corrects it. Either way the
-- lines still pending are read again from there, and their items change: Wireshark and
-- `tshark -2` show the corrected meaning, one-pass tshark the prediction.
--
-- What the dissector cannot know, it predicts the way the server usually goes (an ID is accepted,
-- a request reaches a free user) and says so in the item (tcpchat.after) until the server
-- answers. Lines in a private chat or the room get no answer (but exit()): their place is certain.
--
-- Pure Lua, no Wireshark API; Wireshark also runs this file alone as a plugin, which does nothing.

local text, ids -- tcpchat/text.lua and tcpchat/ids.lua, given by follow.uses()

-- The server line that ends the server's answer to a line typed in each place (chat.ts).
local ENDS = {
  naming = { ["? id"] = true, ["? menu"] = true, ["* bye"] = true },
  menu = { ["? target"] = true, ["? menu"] = true, ["* room"] = true, ["* bye"] = true },
  choosing = { ["? menu"] = true, ["? target"] = true, ["* waiting"] = true },
  requesting = { ["! still-waiting"] = true, ["? menu"] = true },
  answering = { ["* chat"] = true, ["? menu"] = true, ["? request"] = true },
  private = { ["? menu"] = true },
  room = { ["? menu"] = true },
}
-- Lines the server ends a connection with: the user is gone.
local GONE = { ["* bye"] = true, ["* stopping"] = true, ["! kicked"] = true, ["! idle"] = true,
  ["! login-timeout"] = true, ["! too-slow"] = true, ["! full"] = true,
  ["! too-many-from-ip"] = true }
-- At most this many client lines wait for an answer; older ones keep the meaning they have.
local MAX_PENDING = 64

local follow = {}

function follow.uses(text_module, ids_module)
  text, ids = text_module, ids_module
end

-- The words of a typed line as chat.ts compares them: trimmed, in lower case.
function follow.words(line)
  local typed = text.trim(line)
  return typed, ids.lower(typed)
end

-- Where `line`, typed in place `at` ({ kind, peer, id }), takes the user (chat.ts), and whether
-- the server answers it at all.
function follow.predict(at, line)
  local typed, lower = follow.words(line)
  local exit, kind = lower == "exit()", at.kind
  local function to(k, peer, id) return { kind = k, peer = peer, id = id or at.id } end
  if kind == "naming" then
    if exit then return to("gone"), true end
    if ids.valid(typed) then return to("menu", nil, typed), true end
    return to("naming"), true
  elseif kind == "menu" then
    if lower == "1" then return to("choosing"), true end
    if lower == "2" or exit then return to("gone"), true end
    if lower == "3" then return to("room"), true end
    return to("menu"), true
  elseif kind == "choosing" then
    if typed == "" or exit then return to("menu"), true end
    if lower == "who" or (at.id and ids.clash(typed, at.id)) then return to("choosing"), true end
    return to("requesting", typed), true
  elseif kind == "requesting" then
    return to(exit and "menu" or "requesting", not exit and at.peer or nil), true
  elseif kind == "answering" then
    if follow.yes(typed, lower, at.peer) then return to("private", at.peer), true end
    if lower == "n" or lower == "no" or exit then return to("menu"), true end
    return to("answering", at.peer), true
  elseif kind == "private" or kind == "room" then
    if exit then return to("menu"), true end
    return to(kind, at.peer), false
  end
  return to(kind, at.peer), false -- gone, or not known
end

-- An answer that accepts: y, yes, or the requester's own ID (the two asked each other at once).
function follow.yes(typed, lower, requester)
  return lower == "y" or lower == "yes" or (requester ~= nil and ids.clash(typed, requester))
end

-- The place a server line puts the user in (placeAfter() in lib/core/protocol.ts), or nil.
local function place_after(parsed)
  local code, subject, kind = parsed.code, parsed.subject, parsed.kind
  if kind == "prompt" then
    if code == "id" then return "naming" end
    if code == "menu" then return "menu" end
    if code == "target" then return "choosing" end
    if code == "request" and subject then return "answering", subject end
  elseif kind == "notice" then
    if code == "waiting" and subject then return "requesting", subject end
    if code == "chat" and subject then return "private", subject end
    if code == "room" then return "room" end
  end
  if kind == "notice" or kind == "error" then
    if GONE[(kind == "notice" and "* " or "! ") .. code] then return "gone" end
  end
end

-- Reads the pending lines again from the confirmed place; `classify(line, at)` gives each its
-- item. Lines at the front that the server will not answer are certain now: no longer pending.
-- Reads line `p` in place `at`: its item, and the place after it (a prediction until the server
-- answers the line; a line the server does not answer leaves the place as it was).
local function read(p, at, classify)
  p.from = at
  classify(p, at)
  local after, expects = follow.predict(at, p.line)
  after.because = at.because
  if expects and at.kind then
    after.because = "(predicted: where its own line \"" .. p.line .. "\" takes it; the server"
      .. " had not answered that yet)"
  end
  p.expects = expects
  return after
end

local function replay(state, classify)
  local at = state.place
  for _, p in ipairs(state.pending) do at = read(p, at, classify) end
  state.predicted = at
  while state.pending[1] and not state.pending[1].expects do table.remove(state.pending, 1) end
end

-- A client line: read in the place the lines before it lead to. `p` is { line, item } and
-- `classify(p, at)` fills p.item.
function follow.client_line(state, p, classify)
  local after = read(p, state.predicted or state.place, classify)
  -- Before any server line, the greeting may still show where the user is (follow.welcome).
  if #state.pending > 0 or p.expects or not state.heard then
    state.pending[#state.pending + 1] = p
    if #state.pending > MAX_PENDING then table.remove(state.pending, 1) end
  end
  state.predicted = after
end

-- A server line (parsed by grammar.lua): it confirms or corrects where the user is.
function follow.server_line(state, parsed, line, classify)
  state.heard = true
  -- Lines read where the user was unknown stay unknown: this line may be their answer.
  while state.pending[1] and not state.pending[1].from.kind do table.remove(state.pending, 1) end
  if parsed.kind == "notice" and parsed.code == "hello" and parsed.subject then
    state.place.id = parsed.subject
  end
  local kind, peer = place_after(parsed)
  -- The greeting's `? id` comes before any line was read: it answers none.
  if parsed.kind == "prompt" and parsed.code == "id" and state.greeting then
    state.greeting = false
  elseif state.pending[1] then
    local key = (parsed.kind == "prompt" and "? " or (parsed.kind == "notice" and "* " or "! "))
      .. (parsed.code or "")
    local head = state.pending[1]
    if ENDS[head.from.kind] and ENDS[head.from.kind][key] then
      table.remove(state.pending, 1)
      if not kind then kind, peer = head.from.kind, head.from.peer end
    end
  end
  if not kind then return end
  state.place = { kind = kind, peer = peer, id = state.place.id, because = line }
  replay(state, classify)
end

-- A chat server's first line: the user is choosing an ID, and the lines sent before the greeting
-- was seen were read there.
function follow.welcome(state, line, classify)
  state.greeting, state.heard = true, true
  state.place = { kind = "naming", id = nil, because = line }
  replay(state, classify)
end

-- Where the user is is unknown (bytes of the server's lines are missing).
function follow.forget(state)
  state.place = { id = state.place.id }
  state.pending, state.predicted, state.greeting, state.heard = {}, nil, false, true
end

return follow

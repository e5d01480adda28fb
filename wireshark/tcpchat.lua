-- tcpchat.lua: a Wireshark dissector for tcpchat, the chat protocol of docs/PROTOCOL.md.
--
-- Install: copy this file into Wireshark's personal Lua plugins folder (Help → About Wireshark →
-- Folders → Personal Lua Plugins) and restart, or load it once:
--   wireshark -X lua_script:wireshark/tcpchat.lua
--   tshark -X lua_script:wireshark/tcpchat.lua -r capture.pcapng -Y 'tcpchat.kind == "request"'
-- It decodes TCP port 3333 (Edit → Preferences → Protocols → TCPCHAT for other ports, or
-- `-o tcpchat.ports:4000`).
--
-- Every line becomes one "tcpchat" item with its direction, its kind and, where the grammar has
-- them, who it is from and to. Lines split across TCP segments (telnet in character mode sends
-- one byte per segment) are reassembled, and a segment holding several lines shows all of them.
--
-- Lines from the server say what they are (`* ` notice, `! ` error, `? ` prompt, `<id> `,
-- `#room <id> `, `[ip:port] `). Lines from a client do not: "bob" is an ID, a request or a
-- message depending on where the user is. The dissector follows each connection the way our
-- client does (`placeAfter()` in lib/core/protocol.ts): after `? id:` the next client line is an
-- ID, after `? request alice:` it is an answer, after `* chat alice:` a private message, and so
-- on. What it cannot know: client lines in broadcast and echo modes, or in a capture that starts
-- after the connection did, are kind "text"; a client line sent in the instant the server was
-- changing its state is classified by the server's last line before it on the wire.

local tcpchat = Proto("tcpchat", "tcpchat chat protocol")

-- The grammar's fixed words, exactly as lib/core/protocol.ts lists them (a test compares them).
local NOTICE_CODES = { "welcome", "hello", "who", "waiting", "chat", "declined", "withdrawn",
  "timeout", "chat-ended", "room", "joined", "left", "room-left", "bye", "stopping" }
local ERROR_CODES = { "id-empty", "id-too-long", "id-invalid", "id-reserved", "id-taken",
  "choice", "alone", "no-such-user", "self", "busy", "still-waiting", "answer", "line-too-long",
  "full", "too-slow", "too-many-from-ip", "flood", "login-timeout", "idle" }
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

local fields = {
  line = ProtoField.string("tcpchat.line", "Line"),
  direction = ProtoField.string("tcpchat.direction", "Direction"),
  kind = ProtoField.string("tcpchat.kind", "Kind"),
  code = ProtoField.string("tcpchat.code", "Code"),
  subject = ProtoField.string("tcpchat.subject", "About user"),
  from = ProtoField.string("tcpchat.from", "From"),
  to = ProtoField.string("tcpchat.to", "To"),
  text = ProtoField.string("tcpchat.text", "Text"),
  len = ProtoField.uint32("tcpchat.len", "Bytes, line end included"),
  after = ProtoField.string("tcpchat.after", "Meaning known from the server line"),
}
tcpchat.fields = { fields.line, fields.direction, fields.kind, fields.code, fields.subject,
  fields.from, fields.to, fields.text, fields.len, fields.after }

tcpchat.prefs.ports = Pref.range("TCP ports", "3333", "Ports tcpchat servers listen on", 65535)
tcpchat.prefs.max_line = Pref.uint("Longest line to reassemble (bytes)", 65536,
  "Longer data without a line end is shown as it is instead of waiting for more segments")

local tcp_stream = Field.new("tcp.stream")
-- Per connection: what the server last told the client (the place, and the ID once accepted).
local conversations = {}
-- Per line, what the first, in-order pass found; used when a packet is dissected again later.
local seen = {}

function tcpchat.init()
  conversations = {}
  seen = {}
end

local function trim(s)
  return (s:gsub("^%s+", ""):gsub("%s+$", ""))
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

local function name_of(state)
  return state.id or state.client
end

-- Classifies a line from a client by what the server last told that client.
local function classify_client_line(state, line)
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
    c.kind, c.info = "choice", (typed == "" and "(empty line)" or typed) .. " (" .. CHOOSING[lower] .. ")"
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
    c.kind, c.info = "command", "exit() (leave the " .. (place == "room" and "room" or "chat") .. ")"
  elseif place == "private" then
    c.kind, c.to, c.info = "private", peer, line
  elseif place == "room" then
    c.kind, c.to, c.info = "room", "room", line
  else
    c.kind, c.info, c.after = "text", line, nil
  end
  return c
end

local function classify_server_line(state, line)
  local parsed = parse_server_line(line)
  -- Follow first: `* hello alice` is already addressed to alice.
  follow(state, parsed, line)
  local c = { kind = parsed.kind, code = parsed.code, subject = parsed.subject,
    from = parsed.from or "server", to = name_of(state), text = parsed.text, info = parsed.text }
  if parsed.kind == "notice" or parsed.kind == "error" or parsed.kind == "prompt" then
    c.info = line
  elseif parsed.kind == "room" then
    c.via = "room"
  end
  return c
end

local function address(addr, port)
  local text = tostring(addr)
  if text:find(":", 1, true) then text = "[" .. text .. "]" end
  return text .. ":" .. port
end

local function is_to_server(pinfo)
  local m = pinfo.match_uint
  if m == pinfo.dst_port and m ~= pinfo.src_port then return true end
  if m == pinfo.src_port and m ~= pinfo.dst_port then return false end
  -- Reached without a port match (Decode As on a conversation): servers have the lower port.
  return pinfo.dst_port < pinfo.src_port
end

local function conversation(pinfo, to_server)
  local key = tostring(tcp_stream().value)
  local state = conversations[key]
  if not state then
    local client = to_server and address(pinfo.src, pinfo.src_port)
      or address(pinfo.dst, pinfo.dst_port)
    state = { client = client }
    conversations[key] = state
  end
  return state
end

local function show_line(tvb, offset, size, pinfo, tree, to_server)
  local key = pinfo.number .. "/" .. tvb:len() .. "/" .. offset
  local c = seen[key]
  local range = tvb(offset, size)
  local line = range:string(ENC_UTF_8):gsub("\r?\n$", "")
  if not c then
    local state = conversation(pinfo, to_server)
    if to_server then c = classify_client_line(state, line) else c = classify_server_line(state, line) end
    if not pinfo.visited then seen[key] = c end
  end
  local item = tree:add(tcpchat, range, "tcpchat " .. c.kind .. ": " .. line)
  item:add(fields.line, range, line)
  item:add(fields.direction, range, to_server and "to server" or "to client"):set_generated()
  item:add(fields.kind, range, c.kind):set_generated()
  if c.code then item:add(fields.code, range, c.code) end
  if c.subject then item:add(fields.subject, range, c.subject) end
  item:add(fields.from, range, c.from):set_generated()
  item:add(fields.to, range, c.to):set_generated()
  item:add(fields.text, range, c.text)
  item:add(fields.len, range, size)
  if c.after then item:add(fields.after, range, c.after):set_generated() end
  return c.from .. " → " .. c.to .. (c.via and " (" .. c.via .. ")" or "") .. ": " .. c.info
end

function tcpchat.dissector(tvb, pinfo, tree)
  local length = tvb:len()
  if length == 0 then return 0 end
  local to_server = is_to_server(pinfo)
  local infos = {}
  local offset = 0
  while offset < length do
    local lf = tvb:raw(offset, length - offset):find("\n", 1, true)
    local size = lf
    if not lf then
      if length - offset <= tcpchat.prefs.max_line then
        -- The rest of this line is in segments still to come: ask TCP to reassemble.
        pinfo.desegment_offset = offset
        pinfo.desegment_len = DESEGMENT_ONE_MORE_SEGMENT
        break
      end
      size = length - offset
    end
    infos[#infos + 1] = show_line(tvb, offset, size, pinfo, tree, to_server)
    offset = offset + size
  end
  if #infos > 0 then
    pinfo.cols.protocol = "TCPCHAT"
    pinfo.cols.info = table.concat(infos, " | ")
  end
  return length
end

local registered = nil
local function register_ports()
  local tcp_port = DissectorTable.get("tcp.port")
  if registered then tcp_port:remove(registered, tcpchat) end
  registered = tostring(tcpchat.prefs.ports)
  if registered ~= "" then tcp_port:add(registered, tcpchat) end
end

function tcpchat.prefs_changed()
  register_ports()
end

register_ports()

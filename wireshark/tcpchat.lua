-- tcpchat.lua: a Wireshark dissector for tcpchat, the chat protocol of docs/PROTOCOL.md.
--
-- Install: copy this file and the folder tcpchat/ beside it into Wireshark's personal Lua plugins
-- folder (Help → About Wireshark → Folders → Personal Lua Plugins), or load it for one run:
--   tshark -2 -X lua_script:wireshark/tcpchat.lua -r capture.pcapng -Y 'tcpchat.kind == "request"'
-- Both at once is harmless: the copy loaded last is used. It decodes TCP port 3333
-- (`-o tcpchat.ports:4000`, Edit → Preferences → Protocols → TCPCHAT, or Decode As for others).
--
-- Every line becomes one "tcpchat" item with its direction, its kind, who it is from and to, and
-- the hop it makes in the Info column (`alice → server (to bob): hi`, `server → bob (from alice):
-- hi`). Lines end exactly where the server ends them (tcpchat/framing.lua) and are shown in the
-- packet of their last byte; tcpchat/grammar.lua says what each one means.
--
-- Two passes: a message that a pause or the client's FIN ended is known only from later packets,
-- and so is the meaning of a client line the server had not answered yet (tcpchat/follow.lua).
-- Wireshark's window and `tshark -2 -Y ...` show both in their packet; one-pass tshark shows that
-- packet's bytes as "unfinished", and the meaning as predicted. The first pass runs in capture
-- order (Wireshark guarantees it) and keeps what each packet shows; later passes show that again.
-- (tshark -2 without a display filter builds no protocol tree in its first pass, so no field can
-- be read there: the second pass frames each packet the first time it sees it, as one pass does.)
--
-- Text from the wire is shown with the characters of lib/core/unsafe_chars.ts escaped as the
-- server's log escapes them (`\u001b`, `\u202e`), in the Info column and every label: a capture
-- cannot recolour a terminal or reorder what tshark prints. Field values stay as they came.

-- Loaded twice (an installed plugin and `-X lua_script:`), the later copy takes over the
-- protocols the first one registered: Wireshark allows one protocol of each name.
local shared = rawget(_G, "tcpchat_plugin")
if not shared then
  shared = { proto = Proto("tcpchat", "tcpchat chat protocol"),
    framer = Proto("tcpchat_framing", "tcpchat lines, framed as the tcpchat server frames them") }
  register_postdissector(shared.framer)
  rawset(_G, "tcpchat_plugin", shared)
end
local tcpchat, framer = shared.proto, shared.framer

local here = debug.getinfo(1, "S").source:match("^@(.-)[^/\\]*$") or ""
local grammar = dofile(here .. "tcpchat/grammar.lua")
local framing = dofile(here .. "tcpchat/framing.lua")
local telnet = dofile(here .. "tcpchat/telnet.lua")
local order = dofile(here .. "tcpchat/order.lua")
local text = dofile(here .. "tcpchat/text.lua")
grammar.uses(text, dofile(here .. "tcpchat/ids.lua"), dofile(here .. "tcpchat/follow.lua"))
local escape = text.escape

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
  ending = ProtoField.string("tcpchat.ending", "Ended by"),
  after = ProtoField.string("tcpchat.after", "Meaning known from"),
  note = ProtoField.string("tcpchat.note", "Note"),
}
tcpchat.fields = { fields.line, fields.direction, fields.kind, fields.code, fields.subject,
  fields.from, fields.to, fields.text, fields.len, fields.ending, fields.after, fields.note }

-- A copy loaded earlier registered these already; Wireshark keeps one of each.
local function pref(name, make)
  if not pcall(function() return tcpchat.prefs[name] end) then tcpchat.prefs[name] = make() end
end
pref("ports", function()
  return Pref.range("TCP ports", "3333", "Ports tcpchat servers listen on", 65535)
end)
pref("max_line", function()
  return Pref.uint("Longest client line (bytes)", 4096,
    "The server's --max-line: a longer client line is discarded, as the server discards it")
end)
pref("pause", function()
  return Pref.uint("Pause (ms)", 250,
    "The server's --pause: this much quiet ends a message from a client that sends no newline")
end)
-- The server's --mode; "auto" learns it from each stream (a chat server's first line is
-- `* welcome:`, an echo server sends the client's lines back, a broadcast one `[ip:port] ...`).
local MODES = { "auto", "chat", "echo", "broadcast" }
pref("mode", function()
  return Pref.enum("Server mode", 1, "The server's --mode (auto: learned from each stream)",
    { { "auto", "auto: learned from each stream", 1 }, { "chat", "chat", 2 },
      { "echo", "echo", 3 }, { "broadcast", "broadcast", 4 } }, false)
end)

local f_stream, f_srcport = Field.new("tcp.stream"), Field.new("tcp.srcport")
local f_seq, f_ack, f_payload = Field.new("tcp.seq"), Field.new("tcp.ack"), Field.new("tcp.payload")
local f_fin, f_rst = Field.new("tcp.flags.fin"), Field.new("tcp.flags.reset")
local f_urg, f_urgent = Field.new("tcp.flags.urg"), Field.new("tcp.urgent_pointer")
local f_completeness = Field.new("tcp.completeness")
local f_frame = Field.new("frame.number")

-- What the framer needs to know of the protocol.
local sink = {}
function sink.hop(d)
  local from, to = grammar.hop(d.conv, d.up)
  return from .. " → " .. to
end
function sink.forget(d) grammar.forget_place(d.conv) end
function sink.classify(d, text, kind)
  local it
  if kind ~= "line" then
    local from, to = grammar.hop(d.conv, d.up)
    local what = { fragment = "[fragment after a gap] ", telnet = "telnet ",
      overflow = "[longer than max_line: the server discards it and answers ! line-too-long] " }
    it = { kind = kind, from = from, to = to, text = text }
    it.info = sink.hop(d) .. ": " .. what[kind] .. text
  elseif d.up then
    it = grammar.client_line(d.conv, text)
  else
    it = grammar.server_line(d.conv, text)
  end
  it.direction = d.up and "to server" or "to client"
  return it
end

local state
-- conversations: per TCP stream, where its user is and both directions' framing;
-- shown: per packet, what the first pass found in it; framed: the last packet framed.
local function reset()
  state = { conversations = {}, shown = {}, framed = 0,
    framer = framing.new(tcpchat.prefs, sink, telnet, text) }
  order.add(state.framer)
  grammar.reset(MODES[tcpchat.prefs.mode] or "auto")
end
reset()
tcpchat.init = reset

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

-- True the first time a packet is dissected: in the first pass, or in the second when tshark -2
-- without a display filter skipped the first (packets come in capture order either way).
local function first_sight(pinfo)
  return not pinfo.visited or pinfo.number > state.framed
end

-- TCP hands tcpchat the payload of the streams on its ports (or chosen by Decode As); that is how
-- a stream becomes a tcpchat stream. The bytes are framed by the postdissector below.
function tcpchat.dissector(tvb, pinfo, tree)
  local stream = f_stream()
  if not stream then return tvb:len() end -- no fields in this pass: see framer.dissector
  local key = tostring(stream.value)
  if first_sight(pinfo) and not state.conversations[key] then
    local to_server = is_to_server(pinfo)
    local port = to_server and pinfo.src_port or pinfo.dst_port
    local server_port = to_server and pinfo.dst_port or pinfo.src_port
    local conv = grammar.conversation(address(to_server and pinfo.src or pinfo.dst, port),
      address(to_server and pinfo.dst or pinfo.src, server_port))
    conv.client_port = port
    conv.up, conv.down = state.framer.direction(conv, true), state.framer.direction(conv, false)
    state.conversations[key] = conv
  end
  return tvb:len()
end

-- Adds a string field whose label shows its value escaped; the value stays as it came.
local function add_text(item, field, range, value, name)
  return item:add(field, range, value, name .. ": " .. escape(value))
end

-- What a packet's bytes are when they are part of something that ends later.
local function part_note(it)
  if it.cut then return "part of a line " .. it.cut .. ", not shown" end
  if it.ends_in then
    return "part of a " .. (it.what or "line") .. " that ends in frame " .. it.ends_in
  end
  return it.so_far and ("unfinished: " .. it.so_far) or it.waiting
end

-- Adds one item to the tree; returns its text for the Info column.
local function display(it, tvb, tree, frame)
  local range = tvb(it.offset, it.size)
  if it.part or it.note then
    if it.part and it.ends_in == frame then return nil end
    local what = escape(it.part and part_note(it) or it.note)
    tree:add(tcpchat, range, "tcpchat: " .. what):add(fields.note, range, what)
    return it.hop .. ": [" .. what .. "]"
  end
  if it.bytes and it.bytes ~= "" then
    range = ByteArray.new(it.bytes, true):tvb("tcpchat line")()
  end
  local item = tree:add(tcpchat, range, "tcpchat " .. it.kind .. ": " .. escape(it.line))
  add_text(item, fields.line, range, it.line, "Line")
  item:add(fields.direction, range, it.direction):set_generated()
  item:add(fields.kind, range, it.kind):set_generated()
  if it.code then item:add(fields.code, range, it.code) end
  if it.subject then item:add(fields.subject, range, it.subject) end
  add_text(item, fields.from, range, it.from, "From"):set_generated()
  add_text(item, fields.to, range, it.to, "To"):set_generated()
  add_text(item, fields.text, range, it.text, "Text")
  item:add(fields.len, range, it.len)
  item:add(fields.ending, range, it.ending):set_generated()
  if it.after then
    add_text(item, fields.after, range, it.after, "Meaning known from"):set_generated()
  end
  return escape(it.info)
end

-- The first pass over one TCP packet of a tcpchat stream: its payload, the other side's ACK, and
-- a FIN or RST from the client.
local function first_pass(conv, rec, pinfo)
  local up = f_srcport().value == conv.client_port
  local d, other = up and conv.up or conv.down, up and conv.down or conv.up
  local payload, ack, now = f_payload(), f_ack(), pinfo.abs_ts
  -- What the sender had received when it sent this packet comes first.
  if ack then state.framer.acked(other, rec, ack.value, now) end
  if payload then
    local completeness = f_completeness()
    -- Neither the SYN nor the SYN-ACK (bits 1 and 2 of tcp.completeness) was captured.
    if not d.pos and completeness and completeness.value % 4 == 0 then
      d.resync = true
      rec.items[#rec.items + 1] = { note = "the capture started after this connection did: the"
        .. " first line may have begun before it", offset = 0, size = 0, hop = sink.hop(d) }
    end
    -- The byte before the urgent pointer (BSD's and Linux's reading of RFC 793) is out of band.
    local urgent = f_urg() and f_urg().value and f_urgent() and f_urgent().value or 0
    local length = payload.range:len()
    urgent = (urgent >= 1 and urgent <= length) and urgent - 1 or nil
    state.framer.offer(d, rec, f_seq().value, payload.range:raw(), urgent)
    state.framer.after_segment(d, rec, payload.range:len(), now)
  end
  if f_fin().value then
    state.framer.fin(d, f_seq().value + (payload and payload.range:len() or 0))
    if up then state.framer.close(d) end
  end
  if up and f_rst().value then state.framer.drop(d) end
end

-- After every packet: time passing ends the messages a pause ends; a packet of a tcpchat stream
-- is framed (first pass) and shows its lines (every pass).
function framer.dissector(tvb, pinfo, tree)
  local rec = state.shown[pinfo.number]
  if first_sight(pinfo) then
    -- tshark -2's first pass reads no field unless a display filter asks for some: then each
    -- packet is framed when the second pass sees it.
    if not f_frame() then return end
    state.framed = pinfo.number
    if next(state.framer.waiting) then state.framer.tick(pinfo.abs_ts) end
    local stream = f_stream()
    local conv = stream and state.conversations[tostring(stream.value)]
    if not conv then return end
    rec = { frame = pinfo.number, items = {}, data = 0 }
    rec.foreign = f_payload() == nil
    state.shown[pinfo.number] = rec
    first_pass(conv, rec, pinfo)
  end
  if not rec or #rec.items == 0 then return end
  local payload = f_payload()
  local bytes = payload and payload.range:tvb() or tvb
  -- The Info column lists the packet's lines, or what its bytes are when it completes none.
  local lines, notes = {}, {}
  for _, it in ipairs(rec.items) do
    local info = display(it, bytes, tree, rec.frame)
    if info then table.insert(it.kind and lines or notes, info) end
  end
  local infos = #lines > 0 and lines or notes
  if #infos > 0 then
    pinfo.cols.protocol = "TCPCHAT"
    pinfo.cols.info = table.concat(infos, " | ")
  end
end

local function register_ports()
  local tcp_port = DissectorTable.get("tcp.port")
  if shared.registered then tcp_port:remove(shared.registered, tcpchat) end
  shared.registered = tostring(tcpchat.prefs.ports)
  if shared.registered ~= "" then tcp_port:add(shared.registered, tcpchat) end
end

function tcpchat.prefs_changed()
  register_ports()
  grammar.reset(MODES[tcpchat.prefs.mode] or "auto")
end

register_ports()

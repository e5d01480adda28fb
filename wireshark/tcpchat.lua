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
-- Two passes: a message that a pause or the client's FIN ended is known only from later packets.
-- Wireshark's window and `tshark -2` show it in its packet; one-pass tshark shows that packet's
-- bytes as "unfinished". The first pass runs in capture order (Wireshark guarantees it) and keeps
-- what each packet shows; later passes show that again.

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
  after = ProtoField.string("tcpchat.after", "Meaning known from the server line"),
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

local f_stream, f_srcport = Field.new("tcp.stream"), Field.new("tcp.srcport")
local f_seq, f_ack, f_payload = Field.new("tcp.seq"), Field.new("tcp.ack"), Field.new("tcp.payload")
local f_fin, f_rst = Field.new("tcp.flags.fin"), Field.new("tcp.flags.reset")
local f_completeness = Field.new("tcp.completeness")

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
-- shown: per packet, what the first pass found in it.
local function reset()
  state = { conversations = {}, shown = {}, framer = framing.new(tcpchat.prefs, sink, telnet) }
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

-- TCP hands tcpchat the payload of the streams on its ports (or chosen by Decode As); that is how
-- a stream becomes a tcpchat stream. The bytes are framed by the postdissector below.
function tcpchat.dissector(tvb, pinfo, tree)
  local key = tostring(f_stream().value)
  if not pinfo.visited and not state.conversations[key] then
    local to_server = is_to_server(pinfo)
    local port = to_server and pinfo.src_port or pinfo.dst_port
    local conv = { client_port = port }
    conv.client = address(to_server and pinfo.src or pinfo.dst, port)
    conv.up, conv.down = state.framer.direction(conv, true), state.framer.direction(conv, false)
    state.conversations[key] = conv
  end
  return tvb:len()
end

-- Adds one item to the tree; returns its text for the Info column.
local function display(it, tvb, tree, frame)
  local range = tvb(it.offset, it.size)
  if it.part then
    if it.ends_in == frame then return nil end
    local what = it.cut and ("part of a line " .. it.cut .. ", not shown")
      or (it.ends_in and ("part of a line that ends in frame " .. it.ends_in))
      or ("unfinished: " .. it.so_far)
    tree:add(tcpchat, range, "tcpchat: " .. what):add(fields.note, range, what)
    return it.hop .. ": [" .. what .. "]"
  elseif it.note then
    tree:add(tcpchat, range, "tcpchat: " .. it.note):add(fields.note, range, it.note)
    return it.hop .. ": [" .. it.note .. "]"
  end
  if it.bytes and it.bytes ~= "" then
    range = ByteArray.new(it.bytes, true):tvb("tcpchat line")()
  end
  local item = tree:add(tcpchat, range, "tcpchat " .. it.kind .. ": " .. it.line)
  item:add(fields.line, range, it.line)
  item:add(fields.direction, range, it.direction):set_generated()
  item:add(fields.kind, range, it.kind):set_generated()
  if it.code then item:add(fields.code, range, it.code) end
  if it.subject then item:add(fields.subject, range, it.subject) end
  item:add(fields.from, range, it.from):set_generated()
  item:add(fields.to, range, it.to):set_generated()
  item:add(fields.text, range, it.text)
  item:add(fields.len, range, it.len)
  item:add(fields.ending, range, it.ending):set_generated()
  if it.after then item:add(fields.after, range, it.after):set_generated() end
  return it.info
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
    state.framer.offer(d, rec, f_seq().value, payload.range:raw())
    state.framer.after_segment(d, rec, payload.range:len(), now)
  end
  if f_fin().value then
    state.framer.fin(d, f_seq().value + (payload and payload.range:len() or 0))
    if up then state.framer.flush(d, "FIN") end
  end
  if up and f_rst().value then state.framer.drop(d) end
end

-- After every packet: time passing ends the messages a pause ends; a packet of a tcpchat stream
-- is framed (first pass) and shows its lines (every pass).
function framer.dissector(tvb, pinfo, tree)
  local rec = state.shown[pinfo.number]
  if not pinfo.visited then
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
end

register_ports()

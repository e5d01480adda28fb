-- tcpchat/framing.lua: how the dissector (wireshark/tcpchat.lua) cuts each direction of a
-- connection into lines: the server's own rule (docs/PROTOCOL.md "Framing"; lib/core/
-- line_framer.ts, message_framer.ts and telnet.ts), applied to the segments of a capture.
--
-- - A line ends with LF, CR LF, CR NUL or a CR alone; the LF or NUL after a CR belongs to it even
--   in a later segment, however late (a pause ends the line, never the CR): it is shown as a note.
-- - In what a client types, BS and DEL erase the character before them (in the server's lines
--   they are text); telnet commands (IAC ...) are taken out.
-- - A client line longer than `max_line` is discarded up to its end.
-- - A client is `undecided` until its first line ends: a newline makes it a `line` client, a pause
--   a `no-newline` one; telnet commands make it `telnet`, two one-byte segments `keystroke`. For
--   undecided and no-newline clients a pause ends a message. A client's FIN ends any message.
--
-- Segments are put in order here, not by Wireshark: with its default preferences TCP hands a
-- dissector no retransmission, not even one carrying bytes never sent before, and with
-- "Reassemble out-of-order segments" on, one segment missing from the capture stops the stream.
-- So every segment's payload comes here; each byte is taken once, in stream order; a segment that
-- arrives early is held (at most QUEUE_LIMIT bytes) until the bytes before it come, and given up
-- as a gap when the receiver acknowledges bytes the capture never had.
--
-- A call `rec` is one packet: `rec.items` gets what the packet shows; `rec.foreign` says the
-- bytes being framed are not this packet's (held ones), so nothing points into its bytes.
-- Pure Lua, no Wireshark API; Wireshark also runs this file alone as a plugin, which does nothing.

local NUL, BS, LF, CR, DEL = 0, 8, 10, 13, 127
-- The bytes framing looks at one by one ("\0" rather than %z, which Lua 5.4 no longer has).
local SPECIAL = "[\0\8\10\13\127\255]"
-- Server lines always end in LF; this only bounds what is held of one that never does.
local SERVER_LINE_LIMIT = 65536
-- Bytes held per direction while waiting for missing ones: a few full-size segments.
local QUEUE_LIMIT = 262144

local framing = {}

-- Text as the server's TextDecoder reads it: each invalid UTF-8 sequence becomes U+FFFD.
function framing.utf8_text(s)
  if not s:find("[\128-\255]") then return s end
  local out, i, n = {}, 1, #s
  while i <= n do
    local b, need, lo, hi = s:byte(i), 0, 0x80, 0xBF
    if b >= 0xC2 and b <= 0xDF then need = 1
    elseif b >= 0xE0 and b <= 0xEF then
      need, lo, hi = 2, b == 0xE0 and 0xA0 or 0x80, b == 0xED and 0x9F or 0xBF
    elseif b >= 0xF0 and b <= 0xF4 then
      need, lo, hi = 3, b == 0xF0 and 0x90 or 0x80, b == 0xF4 and 0x8F or 0xBF
    elseif b >= 0x80 then need = -1 end
    local j = i + 1
    while need > 0 and j <= i + need do
      local c = s:byte(j)
      if not c or c < lo or c > hi then break end
      lo, hi, j = 0x80, 0xBF, j + 1
    end
    local whole = need >= 0 and j == i + need + 1
    out[#out + 1] = whole and s:sub(i, j - 1) or "\239\191\189"
    i = need < 0 and i + 1 or j
  end
  return table.concat(out)
end
local utf8_text = framing.utf8_text

-- A framer for one capture. `prefs` gives max_line and pause (ms); `sink` knows the protocol:
-- sink.classify(d, text, kind) -> item, sink.hop(d) -> "alice → server", sink.forget(d);
-- `telnet` is tcpchat/telnet.lua.
function framing.new(prefs, sink, telnet)
  local IAC = telnet.IAC
  local F = { waiting = {} } -- waiting: directions whose unfinished message a pause would end

  function F.direction(conv, up)
    return { conv = conv, up = up, kind = up and "undecided" or "line", singles = 0, queue = {},
      queued = 0, tn = {} }
  end

  -- This call's bytes start..stop as an item's place, or nothing when they are not its own.
  local function place(rec, start, stop)
    if rec.foreign then return 0, 0 end
    return start, stop - start
  end

  local function note(d, rec, start, stop, text)
    local offset, size = place(rec, start, stop)
    rec.items[#rec.items + 1] = { note = text, offset = offset, size = size, hop = sink.hop(d) }
  end

  -- Records `line`, which ends at `stop` of this call; a line that is not one run of this
  -- packet's bytes is shown from a copy of its text (`bytes`).
  local function emit(d, rec, line, stop, ending, kind)
    -- NUL is text to the server, but would end a Wireshark string: shown as the symbol for it.
    local text = utf8_text(line.text):gsub("\0", "\226\144\128")
    local it = sink.classify(d, text, d.resync and "fragment" or kind or "line")
    d.resync = false
    it.line, it.len, it.ending = text, line.wire, ending
    it.offset, it.size = place(rec, line.rec == rec and line.offset or 0, stop)
    if not (line.clean and line.rec == rec) then it.bytes = line.text end
    rec.items[#rec.items + 1] = it
    for _, part in ipairs(line.parts) do part.ends_in = rec.frame end
    if d.kind == "undecided" and kind == nil and ending ~= "FIN" then
      d.kind = ending == "pause" and "no-newline" or "line"
    end
  end

  -- The unfinished line (begun at `offset` of this call if there was none).
  local function current(d, rec, offset)
    local line = d.line
    if not line then
      line = { text = "", wire = 0, rec = rec, offset = not rec.foreign and offset or nil,
        clean = true, parts = {} }
      d.line = line
    end
    if rec.foreign or line.rec ~= rec then line.clean = false end
    return line
  end

  local function add(d, rec, offset, bytes)
    d.after_cr = false
    rec.data = rec.data + #bytes
    if d.discarding then return end
    local line = current(d, rec, offset)
    line.text, line.wire = line.text .. bytes, line.wire + #bytes
    if #line.text <= (d.up and prefs.max_line or SERVER_LINE_LIMIT) then return end
    d.line = nil
    if not d.up then return emit(d, rec, line, offset + #bytes, "no LF within 64 KiB") end
    d.discarding = true
    line.text = line.text:sub(1, 64) .. "…"
    emit(d, rec, line, offset + #bytes, "discarded after max_line bytes", "overflow")
  end

  -- BS or DEL: erases the character before it (a whole UTF-8 character).
  local function erase(d, rec, offset)
    d.after_cr = false
    rec.data = rec.data + 1
    if d.discarding then return end
    local line = current(d, rec, offset)
    local t, k = line.text, #line.text
    while k > 0 and t:byte(k) >= 0x80 and t:byte(k) < 0xC0 do k = k - 1 end
    line.text, line.wire, line.clean = t:sub(1, math.max(k - 1, 0)), line.wire + 1, false
  end

  local function finish(d, rec, offset, size, ending)
    rec.data = rec.data + size
    if d.discarding then
      d.discarding = false
      return note(d, rec, offset, offset + size, "the end of an over-long line, discarded")
    end
    local line = current(d, rec, offset)
    line.wire, d.line = line.wire + size, nil
    emit(d, rec, line, offset + size, ending)
  end

  -- A newline, an edit key or a NUL at `offset` of `s`; returns the offset after what it took.
  local function special(d, rec, s, offset, b)
    if d.after_cr and (b == LF or b == NUL) then
      d.after_cr = false
      rec.data = rec.data + 1
      note(d, rec, offset, offset + 1, (b == LF and "LF" or "NUL")
        .. " after the CR that ended a line in frame " .. d.cr_frame)
      return offset + 1
    end
    if b == LF or b == CR then
      local size, ending, next_byte = 1, b == LF and "LF" or "CR", s:byte(offset + 2)
      if b == CR and (next_byte == LF or next_byte == NUL) then
        size, ending = 2, next_byte == LF and "CR LF" or "CR NUL"
      end
      finish(d, rec, offset, size, ending)
      d.after_cr, d.cr_frame = ending == "CR", rec.frame
      return offset + size
    end
    -- Editing is the server's input rule: in the server's lines BS and DEL are text.
    if d.up and (b == BS or b == DEL) then erase(d, rec, offset)
    else add(d, rec, offset, string.char(b)) end
    return offset + 1
  end

  -- Shows the telnet commands that ran from `first` to `last` of this call, as one item.
  local function commands_item(d, rec, commands, first, last)
    local it = sink.classify(d, table.concat(commands, ", "), "telnet")
    it.line, it.len, it.ending = it.text, last - first, "IAC"
    it.offset, it.size = place(rec, first, last)
    rec.items[#rec.items + 1] = it
  end

  -- Frames the bytes of `s` from `offset` (0-based, as in a tvb) on.
  local function feed(d, rec, s, offset)
    local n, commands, first, last = #s, {}, nil, nil
    while offset < n do
      local b = s:byte(offset + 1)
      if d.tn.at or b == IAC then
        first = first or offset
        if d.line then d.line.clean = false end
        local name = nil
        if d.tn.at then name = telnet.byte(d.tn, b) else d.tn.at = "iac" end
        if name == false then add(d, rec, offset, "\255") end
        if name then
          commands[#commands + 1], last = name, offset + 1
          if d.up then d.kind = "telnet" end
        end
        offset = offset + 1
      else
        if #commands > 0 then commands_item(d, rec, commands, first, last) end
        commands, first = {}, nil
        local j = s:find(SPECIAL, offset + 1) or n + 1
        if j > offset + 1 then
          add(d, rec, offset, s:sub(offset + 1, j - 1))
          offset = j - 1
        else
          offset = special(d, rec, s, offset, b)
        end
      end
    end
    if #commands > 0 then commands_item(d, rec, commands, first, last) end
  end

  -- Bytes that will never come: the line they cut is not shown, what follows up to the next line
  -- end is a fragment, and after a gap in the server's lines where the user is is unknown.
  local function gap(d, rec, why)
    if d.line then for _, part in ipairs(d.line.parts) do part.cut = "cut by a gap" end end
    d.line, d.discarding, d.after_cr, d.tn.at, d.resync = nil, false, false, nil, true
    F.waiting[d] = nil
    if not d.up then sink.forget(d) end
    note(d, rec, 0, 0, why)
  end

  -- Frames the held segments that the stream has now reached.
  local function drain(d, rec)
    local own = rec.foreign
    rec.foreign = true
    local i = 1
    while i <= #d.queue do
      local seg = d.queue[i]
      if seg.start <= d.pos then
        table.remove(d.queue, i)
        d.queued = d.queued - #seg.bytes
        if seg.start + #seg.bytes > d.pos then
          feed(d, rec, seg.bytes, d.pos - seg.start)
          d.pos = seg.start + #seg.bytes
        end
        i = 1
      else
        i = i + 1
      end
    end
    rec.foreign = own
  end

  -- The bytes before the first held segment will never come: frames from there on.
  local function give_up(d, rec, why)
    local first = nil
    for _, seg in ipairs(d.queue) do first = math.min(first or seg.start, seg.start) end
    gap(d, rec, (first - d.pos) .. " bytes of this direction are missing from the capture (" .. why
      .. "): the line they belong to is not shown")
    d.pos = first
    drain(d, rec)
  end

  -- The receiver acknowledged bytes up to `ack` (tcp.ack of a packet the other way; a FIN takes
  -- one number of its own). What it has that the capture does not is missing for good.
  function F.acked(d, rec, ack, now)
    if d.fin and ack > d.fin then ack = d.fin end
    d.acked = math.max(d.acked or ack, ack)
    if not d.pos or d.acked <= d.pos then return end
    if #d.queue > 0 then
      give_up(d, rec, "the receiver acknowledged them")
    else
      gap(d, rec, (d.acked - d.pos) .. " bytes of this direction are missing from the capture (the"
        .. " receiver acknowledged them): the line they belong to is not shown")
      d.pos = d.acked
    end
    -- Bytes framed here, in a packet of the other direction, were read now.
    d.last_time, d.last_rec, d.last_len = now, rec, 0
  end

  -- The sender's FIN, at stream position `at`.
  function F.fin(d, at)
    d.fin = at
  end

  -- The payload `s` of a segment at stream position `start`.
  function F.offer(d, rec, start, s)
    d.pos = d.pos or start
    local stop = start + #s
    if stop <= d.pos then
      return note(d, rec, 0, #s, "sent again (a retransmission): shown where it first came")
    elseif start > d.pos then
      d.queue[#d.queue + 1], d.queued = { start = start, bytes = s }, d.queued + #s
      note(d, rec, 0, #s, "came before " .. (start - d.pos) .. " bytes still missing: held")
      if d.queued > QUEUE_LIMIT then return give_up(d, rec, "too many bytes came after them") end
      if d.acked and d.acked > d.pos then give_up(d, rec, "the receiver acknowledged them") end
      return
    end
    if start < d.pos then note(d, rec, 0, d.pos - start, "sent again (a retransmission)") end
    rec.fed = true
    feed(d, rec, s, d.pos - start)
    d.pos = stop
    drain(d, rec)
  end

  -- After a segment that brought new bytes (the server read them): a line still unfinished is
  -- shown as such until later packets tell how it ended, and a client sending one byte per
  -- segment is a terminal.
  function F.after_segment(d, rec, length, now)
    if not rec.fed then return end
    d.last_time, d.last_rec, d.last_len = now, rec, length
    if d.up and d.kind == "undecided" and rec.data == 1 then
      d.singles = d.singles + 1
      if d.singles == 2 then d.kind = "keystroke" end
    end
    local line = d.line
    if line and not rec.foreign then
      local offset = line.rec == rec and line.offset or 0
      local part = { part = true, offset = offset, size = length - offset, hop = sink.hop(d),
        so_far = utf8_text(line.text) }
      line.parts[#line.parts + 1] = part
      rec.items[#rec.items + 1] = part
    elseif d.discarding and not rec.foreign then
      note(d, rec, 0, length, "more of an over-long line, discarded")
    end
    local pausable = d.up and (d.kind == "undecided" or d.kind == "no-newline")
    F.waiting[d] = (line or d.discarding) and pausable or nil
  end

  -- Ends the unfinished message of `d` as a pause or the client's FIN does; it is shown in the
  -- packet of its last byte, which only a later pass displays.
  function F.flush(d, ending)
    F.waiting[d] = nil
    if d.discarding then d.discarding = false return end
    local line = d.line
    if not line then return end
    d.line = nil
    emit(d, d.last_rec, line, d.last_len, ending)
  end

  -- The client reset the connection: the server drops its unfinished message.
  function F.drop(d)
    if d.line then for _, part in ipairs(d.line.parts) do part.cut = "lost to an RST" end end
    d.line, F.waiting[d] = nil, nil
  end

  -- Time passed: a pause ends the messages waiting for one.
  function F.tick(now)
    for d in pairs(F.waiting) do
      if now - d.last_time >= prefs.pause / 1000 then F.flush(d, "pause") end
    end
  end

  return F
end

return framing

-- tcpchat/framing.lua: how the dissector (wireshark/tcpchat.lua) cuts each direction of a
-- connection into lines: the server's own rule (docs/PROTOCOL.md "Framing"; lib/core/
-- line_framer.ts, message_framer.ts and telnet.ts), applied to the segments of a capture, which
-- tcpchat/order.lua puts in order.
--
-- - A line ends with LF, CR LF, CR NUL or a CR alone; the LF or NUL after a CR belongs to it even
--   in a later segment, however late (a pause ends the line, never the CR): it is shown as a note.
-- - In what a client types, the keys of a terminal's line editing edit (BS and DEL erase a
--   character, Ctrl+U the line, Ctrl+C, Ctrl+\ and Ctrl+Z throw it away, Ctrl+D is nothing); in
--   the server's lines they are text.
-- - Telnet commands are taken out where the server takes them out (tcpchat/telnet.lua), and each
--   run of them is one item, as the server logs it; EC, EL and IP edit the line being typed.
-- - A client line longer than `max_line` is discarded up to its end. Its overflow item counts
--   the bytes the server's [RECV] counts for it: up to the line's end when that is in the same
--   segment, else up to the segment's end (or a telnet command); the rest, a note, says its count.
-- - A client is `undecided` until its first line ends: a newline makes it a `line` client, a pause
--   a `no-newline` one; telnet commands make it `telnet`, two one-byte segments `keystroke`. For
--   undecided and no-newline clients a pause ends a message. A client's FIN ends any message.
-- - A pause comes where the server's timer would run out: after a CR that may still get its LF,
--   or while a message a pause ends (or a byte that may start a telnet command) waits.
--
-- A call `rec` is one packet: `rec.items` gets what the packet shows; `rec.foreign` says the
-- bytes being framed are not this packet's (held ones), so nothing points into its bytes.
-- Pure Lua, no Wireshark API; Wireshark also runs this file alone as a plugin, which does nothing.

local NUL, LF, CR = 0, 10, 13
-- The bytes framing looks at one by one ("\0" rather than %z, which Lua 5.4 no longer has).
local SPECIAL = "[\0\3\4\8\10\13\21\26\28\127\255]"
-- What each key of a terminal's line editing does to what a client types (line_framer.ts).
local KEYS = { [8] = "character", [127] = "character", [21] = "line", [3] = "line",
  [28] = "line", [26] = "line", [4] = "nothing" }
-- Server lines always end in LF; this only bounds what is held of one that never does.
local SERVER_LINE_LIMIT = 65536

local framing = {}

-- A framer for one capture. `prefs` gives max_line and pause (ms); `sink` knows the protocol:
-- sink.classify(d, text, kind) -> item, sink.hop(d) -> "alice → server", sink.forget(d);
-- `telnet` and `text` are tcpchat/telnet.lua and tcpchat/text.lua.
function framing.new(prefs, sink, telnet, text)
  local utf8_text = text.utf8
  local F = { waiting = {} } -- waiting: directions a pause would change

  function F.direction(conv, up)
    return { conv = conv, up = up, kind = up and "undecided" or "line", singles = 0, queue = {},
      queued = 0, tn = telnet.new(not up), tn_parts = {} }
  end

  -- This call's bytes start..stop as an item's place, or nothing when they are not its own.
  local function place(rec, start, stop)
    if rec.foreign then return 0, 0 end
    return start, stop - start
  end

  function F.note(d, rec, start, stop, why)
    local offset, size = place(rec, start, stop)
    rec.items[#rec.items + 1] = { note = why, offset = offset, size = size, hop = sink.hop(d) }
  end
  local note = F.note

  -- Records `line`, which ends at `stop` of this call; a line that is not one run of this
  -- packet's bytes is shown from a copy of its text (`bytes`).
  local function emit(d, rec, line, stop, ending, kind)
    -- NUL is text to the server, but would end a Wireshark string: shown as the symbol for it.
    local shown = utf8_text(line.text):gsub("\0", "\226\144\128")
    local it = sink.classify(d, shown, d.resync and "fragment" or kind or "line")
    d.resync = false
    it.line, it.len, it.ending = shown, line.wire, ending
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

  -- Counts `n` wire bytes of an over-long line: its overflow's while the segment that found it
  -- goes on, then its discarded rest's.
  local function discard(d, n)
    if d.over then d.over.wire = d.over.wire + n else d.discarded = d.discarded + n end
  end

  -- Shows the overflow of an over-long line, ending at `stop` of this call, as the server
  -- reports it: once its read (or the text before a telnet command) is over.
  local function show_overflow(d, rec, stop)
    local over = d.over
    d.over = nil
    emit(d, rec, over, stop, "discarded after max_line bytes", "overflow")
    return rec.items[#rec.items]
  end

  local function add(d, rec, offset, bytes)
    d.after_cr, d.cr_held = false, false
    rec.data = rec.data + #bytes
    if d.discarding then return discard(d, #bytes) end
    local line = current(d, rec, offset)
    line.text, line.wire = line.text .. bytes, line.wire + #bytes
    if #line.text <= (d.up and prefs.max_line or SERVER_LINE_LIMIT) then return end
    d.line = nil
    if not d.up then return emit(d, rec, line, offset + #bytes, "no LF within 64 KiB") end
    d.discarding, d.over, d.discarded = true, line, 0
    line.text = line.text:sub(1, 64) .. "…"
  end

  -- Edits the line being typed: erases its last character (a whole UTF-8 one) or all of it.
  local function edit(d, what)
    local line = d.line
    if d.discarding or not line or what == "nothing" then return end
    local t, k = line.text, #line.text
    if what == "line" then k = 0 end
    while k > 0 and t:byte(k) >= 0x80 and t:byte(k) < 0xC0 do k = k - 1 end
    line.text, line.clean = t:sub(1, math.max(k - 1, 0)), false
  end

  -- An editing key typed at `offset`: a byte of the line on the wire, no text.
  local function key(d, rec, offset, what)
    d.after_cr, d.cr_held = false, false
    rec.data = rec.data + 1
    if d.discarding then return discard(d, 1) end
    local line = current(d, rec, offset)
    line.wire, line.clean = line.wire + 1, false
    edit(d, what)
  end

  local function finish(d, rec, offset, size, ending)
    rec.data = rec.data + size
    if d.discarding then
      d.discarding = false
      if d.over then
        d.over.wire = d.over.wire + size
        -- Ended by a CR, the server holds it for the LF that may follow, which it counts.
        d.cr_item = show_overflow(d, rec, offset + size)
        return true
      else
        note(d, rec, offset, offset + size, "the end of an over-long line, discarded: "
          .. (d.discarded + size) .. " bytes since its overflow")
      end
      return false
    end
    local line = current(d, rec, offset)
    line.wire, d.line, d.cr_item = line.wire + size, nil, nil
    emit(d, rec, line, offset + size, ending)
    return true
  end

  -- A newline, an edit key or a NUL at `offset` of `s`; returns the offset after what it took.
  local function special(d, rec, s, offset, b)
    if d.after_cr and (b == LF or b == NUL) then
      if d.cr_held and d.cr_item then d.cr_item.len = d.cr_item.len + 1 end
      d.after_cr, d.cr_held, d.cr_item = false, false, nil
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
      local shown = finish(d, rec, offset, size, ending)
      d.after_cr, d.cr_frame = ending == "CR", rec.frame
      -- Until its next byte, or a pause, the server holds a line a CR ended.
      d.cr_held = shown and ending == "CR"
      return offset + size
    end
    -- Editing is the server's input rule: in the server's lines these keys are text.
    if d.up and KEYS[b] then key(d, rec, offset, KEYS[b])
    else add(d, rec, offset, string.char(b)) end
    return offset + 1
  end

  -- One byte of text at `offset`; returns the offset after what it took (CR LF: two bytes).
  local function text_byte(d, rec, s, offset, b)
    local after = offset + 1
    if string.char(b):find(SPECIAL) then after = special(d, rec, s, offset, b)
    else add(d, rec, offset, string.char(b)) end
    telnet.passed(d.tn, s:byte(after), after - 1 > offset and s:byte(after - 1) or d.tn.last)
    return after
  end

  -- A run of commands in this call: one item, with the bytes the server's log counts for it.
  local function commands_item(d, rec, run)
    local it = sink.classify(d, table.concat(run.names, ", "), "telnet")
    it.line, it.len, it.ending = it.text, run.len, "IAC"
    it.offset, it.size = place(rec, run.first, run.last)
    rec.items[#rec.items + 1] = it
  end

  -- Text bytes the telnet filter gives back (held ones, or IAC IAC: two bytes on the wire).
  local function given_back(d, rec, offset, b, escaped)
    add(d, rec, offset, string.char(b))
    if d.discarding then
      if escaped then discard(d, 1) end
      return
    end
    local line = d.line
    if not line then return end
    line.clean = false
    if escaped then line.wire = line.wire + 1 end
    for _, part in ipairs(d.tn_parts) do line.parts[#line.parts + 1] = part end
    d.tn_parts = {}
  end

  -- Frames the bytes of `s` from `offset` (0-based, as in a tvb) on.
  function F.feed(d, rec, s, offset)
    local n, tn = #s, d.tn
    local run, first = nil, tn.at and offset or nil
    local out = {}
    local function close_run()
      if run then commands_item(d, rec, run) end
      run = nil
    end
    function out.data(b, escaped)
      close_run()
      given_back(d, rec, first or offset, b, escaped)
      first = nil
    end
    function out.command(name, what, bytes)
      if d.over then show_overflow(d, rec, first or offset) end
      run = run or { names = {}, first = first or offset, len = 0 }
      run.names[#run.names + 1], run.len, run.last = name, run.len + bytes, offset + 1
      if what then edit(d, what) end
      if d.up then d.kind = "telnet" end
      for _, part in ipairs(d.tn_parts) do part.ends_in, part.what = rec.frame, "telnet command" end
      d.tn_parts, first = {}, nil
    end
    while offset < n do
      local b = s:byte(offset + 1)
      if tn.at == nil and b ~= telnet.IAC then
        close_run()
        local j = s:find(SPECIAL, offset + 1) or n + 1
        if j > offset + 1 then
          add(d, rec, offset, s:sub(offset + 1, j - 1))
          telnet.passed(tn, s:byte(j - 1), j - 2 > offset and s:byte(j - 2) or tn.last)
          offset = j - 1
        else
          offset = text_byte(d, rec, s, offset, b)
        end
      else
        if tn.at == nil then first = offset end
        local is_text = telnet.byte(tn, b, out)
        if tn.at == nil then first = nil elseif first == nil then first = offset end
        offset = is_text and text_byte(d, rec, s, offset, b) or offset + 1
      end
    end
    close_run()
    if d.over then show_overflow(d, rec, n) end
    d.tn_first = first
  end

  -- Bytes that will never come: the line they cut is not shown, what follows up to the next line
  -- end is a fragment, and after a gap in the server's lines where the user is is unknown.
  function F.gap(d, rec, why)
    if d.line then for _, part in ipairs(d.line.parts) do part.cut = "cut by a gap" end end
    d.line, d.discarding, d.after_cr, d.cr_held, d.resync = nil, false, false, false, true
    d.over, d.discarded = nil, 0
    d.tn.at, d.tn.held, d.tn_parts = nil, 0, {}
    F.waiting[d] = nil
    if not d.up then sink.forget(d) end
    note(d, rec, 0, 0, why)
  end

  -- True when the server's pause timer runs for `d` (MessageFramer.awaitsPause).
  local function awaits_pause(d)
    if not d.up then return false end
    if d.cr_held then return true end
    local pausable = d.kind == "undecided" or d.kind == "no-newline"
    return pausable and (d.line ~= nil or d.discarding or telnet.holding(d.tn))
  end

  -- After a segment that brought new bytes (the server read them): a line or a telnet command
  -- still unfinished is shown as such until later packets tell how it ended, and a client sending
  -- one byte per segment is a terminal.
  function F.after_segment(d, rec, length, now)
    if not rec.fed then return end
    d.last_time, d.last_rec, d.last_len = now, rec, length
    if d.up and d.kind == "undecided" and rec.data == 1 then
      d.singles = d.singles + 1
      if d.singles == 2 then d.kind = "keystroke" end
    end
    local line, hop = d.line, sink.hop(d)
    if line and not rec.foreign then
      local offset = line.rec == rec and line.offset or 0
      local part = { part = true, offset = offset, size = length - offset, hop = hop,
        so_far = utf8_text(line.text) }
      line.parts[#line.parts + 1] = part
      rec.items[#rec.items + 1] = part
    elseif d.discarding and not rec.foreign then
      note(d, rec, 0, length, "more of an over-long line, discarded")
    elseif d.tn.at and not rec.foreign then
      local offset = d.tn_first or 0
      local part = { part = true, offset = offset, size = length - offset, hop = hop,
        waiting = telnet.holding(d.tn) and "held: a telnet command, or text, as the next bytes tell"
          or "part of a telnet command" }
      d.tn_parts[#d.tn_parts + 1] = part
      rec.items[#rec.items + 1] = part
    end
    F.waiting[d] = awaits_pause(d) or nil
  end

  -- Ends the unfinished message of `d`; it is shown in the packet of its last byte, which only a
  -- later pass displays.
  local function end_line(d, ending)
    if d.discarding then
      d.discarding = false
      if d.discarded > 0 then
        note(d, d.last_rec, d.last_len, d.last_len, "the end of an over-long line (" .. ending
          .. "), discarded: " .. d.discarded .. " bytes since its overflow")
      end
      return
    end
    local line = d.line
    if not line then return end
    d.line = nil
    emit(d, d.last_rec, line, d.last_len, ending)
  end

  -- What the telnet filter finds at a pause or the end, in the packet of the last byte.
  local function last_packet(d)
    local rec, out = d.last_rec, {}
    function out.data(b, escaped) given_back(d, rec, d.last_len, b, escaped) end
    function out.command(name, _, bytes)
      local at = d.last_len
      commands_item(d, rec, { names = { name }, first = at, last = at, len = bytes })
    end
    return out
  end

  -- The client was quiet for a pause (MessageFramer.pause()): bytes held in case they began a
  -- telnet command were text, and a message a pause ends has ended.
  function F.pause(d)
    F.waiting[d], d.cr_held = nil, false
    if telnet.holding(d.tn) then telnet.flush(d.tn, last_packet(d)) end
    if d.kind == "undecided" or d.kind == "no-newline" then end_line(d, "pause") end
  end

  -- The client's FIN: what it held and its unfinished message still count (MessageFramer.end()).
  function F.close(d)
    F.waiting[d] = nil
    if d.last_rec then telnet.finish(d.tn, last_packet(d)) end
    end_line(d, "FIN")
  end

  -- The client reset the connection: the server drops its unfinished message.
  function F.drop(d)
    if d.line then for _, part in ipairs(d.line.parts) do part.cut = "lost to an RST" end end
    d.line, F.waiting[d] = nil, nil
  end

  -- Time passed: the server's pause timer ran out for the directions waiting for one.
  function F.tick(now)
    for d in pairs(F.waiting) do
      if now - d.last_time >= prefs.pause / 1000 then F.pause(d) end
    end
  end

  return F
end

return framing

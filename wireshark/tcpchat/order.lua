-- tcpchat/order.lua: the segments of each direction put in order for tcpchat/framing.lua.
--
-- Segments are put in order here, not by Wireshark: with its default preferences TCP hands a
-- dissector no retransmission, not even one carrying bytes never sent before, and with
-- "Reassemble out-of-order segments" on, one segment missing from the capture stops the stream.
-- So every segment's payload comes here; each byte is taken once, in stream order; a segment that
-- arrives early is held (at most QUEUE_LIMIT bytes) until the bytes before it come, and given up
-- as a gap when the receiver acknowledges bytes the capture never had.
--
-- Pure Lua, no Wireshark API; Wireshark also runs this file alone as a plugin, which does nothing.

-- Bytes held per direction while waiting for missing ones: a few full-size segments.
local QUEUE_LIMIT = 262144

local order = {}

-- Adds offer(), acked() and fin() to framer `F` (tcpchat/framing.lua), which frames the bytes
-- (F.feed), says what a packet's bytes are (F.note) and starts again after a gap (F.gap).
function order.add(F)
  -- Frames `s` from `from` on; `urgent`, an offset in `s`, is a byte sent as TCP urgent data,
  -- which the receiving system takes out of the stream (Linux without SO_OOBINLINE): the server
  -- never reads it. telnet's Synch (`send synch`) sends the IAC of its IAC DM so (RFC 854).
  local function feed(d, rec, s, from, urgent)
    if not urgent or urgent < from then return F.feed(d, rec, s, from) end
    if urgent > from then F.feed(d, rec, s:sub(1, urgent), from) end
    F.note(d, rec, urgent, urgent + 1, "a byte sent as TCP urgent data: the receiving system"
      .. " takes it out of the stream (telnet's Synch sends its IAC so)")
    if urgent + 1 < #s then F.feed(d, rec, s, urgent + 1) end
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
          feed(d, rec, seg.bytes, d.pos - seg.start, seg.urgent)
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
    F.gap(d, rec, (first - d.pos) .. " bytes of this direction are missing from the capture ("
      .. why .. "): the line they belong to is not shown")
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
      F.gap(d, rec, (d.acked - d.pos) .. " bytes of this direction are missing from the capture"
        .. " (the receiver acknowledged them): the line they belong to is not shown")
      d.pos = d.acked
    end
    -- Bytes framed here, in a packet of the other direction, were read now.
    d.last_time, d.last_rec, d.last_len = now, rec, 0
  end

  -- The sender's FIN, at stream position `at`.
  function F.fin(d, at)
    d.fin = at
  end

  -- The payload `s` of a segment at stream position `start`; `urgent`: the offset in `s` of a
  -- byte sent as urgent data, if any.
  function F.offer(d, rec, start, s, urgent)
    d.pos = d.pos or start
    local stop = start + #s
    if stop <= d.pos then
      return F.note(d, rec, 0, #s, "sent again (a retransmission): shown where it first came")
    elseif start > d.pos then
      d.queue[#d.queue + 1] = { start = start, bytes = s, urgent = urgent }
      d.queued = d.queued + #s
      F.note(d, rec, 0, #s, "came before " .. (start - d.pos) .. " bytes still missing: held")
      if d.queued > QUEUE_LIMIT then return give_up(d, rec, "too many bytes came after them") end
      if d.acked and d.acked > d.pos then give_up(d, rec, "the receiver acknowledged them") end
      return
    end
    if start < d.pos then F.note(d, rec, 0, d.pos - start, "sent again (a retransmission)") end
    rec.fed = true
    feed(d, rec, s, d.pos - start, urgent)
    d.pos = stop
    drain(d, rec)
  end
end

return order

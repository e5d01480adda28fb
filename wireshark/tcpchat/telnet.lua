-- tcpchat/telnet.lua: telnet commands in a byte stream (RFC 854), for the dissector
-- (wireshark/tcpchat.lua): when a client's bytes are telnet at all, where each command ends, what
-- it does to the line being typed, and its name as lib/core/telnet.ts formats it for the server's
-- log (tests compare them).
--
-- The rule is the server's (lib/core/telnet.ts and telnet_commands.ts, docs/PROTOCOL.md "When a
-- connection is telnet"): a client is telnet once it sends IAC WILL of a registered option or
-- IAC DO of one a server can perform (anywhere), or a key's two-byte command at the start of the
-- stream or of a line, or in the middle of one when IAC DO TIMING-MARK follows it (what telnet
-- sends for "ă", whose 0x83 it takes for Ctrl+C). Until then 0xFF is text. An IAC that may start
-- a command is held (at most two bytes; a mid-line key's command, five) until the next byte, a
-- pause or the end decides. A subnegotiation holds at most MAX_SB bytes. The server's own bytes are telnet from the
-- start (it only ever sends IAC in its answers).
--
-- Pure Lua, no Wireshark API; Wireshark also runs this file alone as a plugin, which does nothing.

local IAC, SE, SB, WILL, DO = 255, 240, 250, 251, 253
local LF, CR, NUL = 10, 13, 0
local MAX_SB = 512
local VERBS = { [251] = "WILL", [252] = "WONT", [253] = "DO", [254] = "DONT" }
local COMMANDS = { [236] = "EOF", [237] = "SUSP", [238] = "ABORT", [239] = "EOR", [240] = "SE",
  [241] = "NOP", [242] = "DM", [243] = "BRK", [244] = "IP", [245] = "AO", [246] = "AYT",
  [247] = "EC", [248] = "EL", [249] = "GA" }
-- The commands a telnet client sends for keys: at the start of a line they are telnet.
local KEY_COMMANDS = { [236] = true, [237] = true, [238] = true, [241] = true, [242] = true,
  [243] = true, [244] = true, [245] = true, [246] = true, [247] = true, [248] = true, [249] = true }
-- What a command does to the line being typed (lineEdit() in lib/core/telnet.ts).
local EDITS = { EC = "character", EL = "line", IP = "line", BRK = "line", SUSP = "line",
  ABORT = "line" }
local OPTIONS = { [0] = "BINARY", [1] = "ECHO", [3] = "SGA", [5] = "STATUS", [6] = "TIMING-MARK",
  [24] = "TTYPE", [31] = "NAWS", [32] = "TSPEED", [33] = "LFLOW", [34] = "LINEMODE",
  [35] = "XDISPLOC", [36] = "ENVIRON", [39] = "NEW-ENVIRON" }

local function option_name(o) return OPTIONS[o] or ("option " .. o) end

-- IANA's registry of telnet options: 0-49, 138-140 and 255.
local function registered(o) return o <= 49 or (o >= 138 and o <= 140) or o == 255 end
-- Options only a terminal performs: a client offers them, never asks for them (TERMINAL_OPTIONS).
local TERMINAL = { [23] = true, [24] = true, [28] = true, [31] = true, [32] = true, [33] = true,
  [34] = true, [35] = true, [36] = true, [37] = true, [39] = true, [44] = true, [49] = true }
-- A request a telnet client makes (isClientRequest()).
local function client_request(verb, o)
  return registered(o) and (verb == "WILL" or (verb == "DO" and not TERMINAL[o]))
end

local telnet = { IAC = IAC, MAX_SB = MAX_SB }

-- The filter of one direction; `known`: the peer speaks telnet from its first byte.
function telnet.new(known)
  return { telnet = known, at = nil, held = 0, line_start = true, last = -1 }
end

-- True while bytes are held that are text unless the next bytes make them a command.
function telnet.holding(st) return not st.telnet and st.at ~= nil end

-- Text bytes went by (the last one, and the one before it): where lines start.
function telnet.passed(st, last, before)
  st.line_start = last == LF or last == CR or (last == NUL and before == CR)
  st.last = last
end

-- Calls out.data(b, escaped) for a text byte the filter gives back (escaped: it was IAC IAC).
local function data(st, b, out, escaped)
  telnet.passed(st, b, st.last)
  out.data(b, escaped)
end

-- Ends the command in progress, calling out.command(name, edit, bytes).
local function done(st, out, name)
  local bytes = st.held
  st.at, st.held = nil, 0
  out.command(name, EDITS[name], bytes)
end

-- Held bytes that started no command are text.
local function release(st, out)
  local at = st.at
  st.at, st.held = nil, 0
  data(st, IAC, out)
  if at == "verb" then data(st, st.verb_code, out) end
  if at == "key" then
    data(st, st.key, out)
    if st.matched >= 1 then data(st, IAC, out) end
    if st.matched >= 2 then data(st, DO, out) end
  end
end

-- After a mid-line IAC key: IAC DO TIMING-MARK makes both telnet (#afterKey in telnet.ts).
local KEY_FOLLOWER = { IAC, DO, 6 }
local function after_key(st, b, out)
  if b ~= KEY_FOLLOWER[st.matched + 1] then
    release(st, out)
    return telnet.byte(st, b, out)
  end
  st.held = st.held + 1
  if st.matched < 2 then
    st.matched = st.matched + 1
    return false
  end
  st.telnet, st.held = true, 2
  done(st, out, COMMANDS[st.key])
  st.held = 3
  done(st, out, "DO TIMING-MARK")
  return false
end

-- One byte `b`; returns true when it is text the caller frames itself (after any held bytes the
-- filter gave back through `out`). `out.data` and `out.command` get what it found.
function telnet.byte(st, b, out)
  local at = st.at
  if at == nil then
    if b ~= IAC then return true end
    st.at, st.place, st.held = "iac", st.line_start, 1
    return false
  elseif at == "iac" then
    if not st.telnet then
      if b == WILL or b == DO then
        st.at, st.verb, st.verb_code, st.held = "verb", VERBS[b], b, 2
        return false
      end
      if not st.place and KEY_COMMANDS[b] then
        st.at, st.key, st.matched, st.held = "key", b, 0, 2
        return false
      end
      if not (st.place and KEY_COMMANDS[b]) then
        release(st, out)
        return telnet.byte(st, b, out)
      end
      st.telnet = true
    end
    st.held = st.held + 1
    if b == IAC then
      st.at, st.held = nil, 0
      data(st, IAC, out, true)
    elseif VERBS[b] then
      st.at, st.verb, st.verb_code = "verb", VERBS[b], b
    elseif b == SB then
      st.at = "sb-option"
    else
      done(st, out, COMMANDS[b] or ("command " .. b))
    end
  elseif at == "key" then
    return after_key(st, b, out)
  elseif at == "verb" then
    if not st.telnet and not client_request(st.verb, b) then
      release(st, out)
      return telnet.byte(st, b, out)
    end
    st.telnet, st.held = true, st.held + 1
    done(st, out, st.verb .. " " .. option_name(b))
  elseif at == "sb-option" then
    st.at, st.option, st.after_iac, st.length, st.held = "sb", b, false, 0, st.held + 1
  else -- inside a subnegotiation
    if st.after_iac and b == SE then
      st.held = st.held + 1
      done(st, out, "SB " .. option_name(st.option))
      return false
    end
    local content = st.after_iac or b ~= IAC
    if content and st.length == MAX_SB then
      done(st, out, "SB " .. option_name(st.option) .. " (no IAC SE within " .. MAX_SB
        .. " bytes: cut)")
      return telnet.byte(st, b, out)
    end
    st.held = st.held + 1
    st.after_iac = not st.after_iac and b == IAC
    if content then st.length = st.length + 1 end
  end
  return false
end

-- A pause: held bytes were text. A telnet client's command stays in progress.
function telnet.flush(st, out)
  if telnet.holding(st) then release(st, out) end
end

-- The end of the stream: held bytes are text; a command cut short is named as such.
function telnet.finish(st, out)
  if telnet.holding(st) then release(st, out)
  elseif st.at ~= nil then done(st, out, "(a command cut short by the end of the stream)") end
end

return telnet

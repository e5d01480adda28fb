-- tcpchat/telnet.lua: telnet commands in a byte stream (RFC 854), for the dissector
-- (wireshark/tcpchat.lua): where each one ends, and its name as lib/core/telnet.ts formats it
-- for the server's log (a test compares every verb, option and command).
--
-- telnet and PuTTY mix option negotiation (`IAC WILL NAWS`, `IAC DO ECHO`, ...) into what the user
-- types, and the server answers some with `IAC WONT x`. Those bytes are never text.
--
-- Pure Lua, no Wireshark API; Wireshark also runs this file alone as a plugin, which does nothing.

local IAC, SE, SB = 255, 240, 250
local VERBS = { [251] = "WILL", [252] = "WONT", [253] = "DO", [254] = "DONT" }
local COMMANDS = { [241] = "NOP", [242] = "DM", [243] = "BRK", [244] = "IP", [245] = "AO",
  [246] = "AYT", [247] = "EC", [248] = "EL", [249] = "GA" }
local OPTIONS = { [0] = "BINARY", [1] = "ECHO", [3] = "SGA", [5] = "STATUS", [6] = "TIMING-MARK",
  [24] = "TTYPE", [31] = "NAWS", [32] = "TSPEED", [33] = "LFLOW", [34] = "LINEMODE",
  [35] = "XDISPLOC", [36] = "ENVIRON", [39] = "NEW-ENVIRON" }

local function option_name(o) return OPTIONS[o] or ("option " .. o) end

local telnet = { IAC = IAC }

-- One byte `b` after an IAC, in the command state `state` (a table holding `at` and `option`;
-- `at` is nil outside a command). Returns the command's name once it is complete, false for
-- IAC IAC (the data byte 255), nil while the command goes on. Subnegotiation contents are
-- skipped, never held.
function telnet.byte(state, b)
  local at = state.at
  if at == "iac" then
    state.at = VERBS[b] or (b == SB and "sb-option") or nil
    if b == IAC then return false end
    return not state.at and (COMMANDS[b] or ("command " .. b)) or nil
  elseif at == "sb-option" then state.at, state.option = "sb", b
  elseif at == "sb" then state.at = b == IAC and "sb-iac" or "sb"
  elseif at == "sb-iac" then
    state.at = b ~= SE and "sb" or nil
    return b == SE and "SB " .. option_name(state.option) or nil
  else
    state.at = nil
    return at .. " " .. option_name(b)
  end
end

return telnet

-- tcpchat/text.lua: text as the server reads and shows it, for the dissector
-- (wireshark/tcpchat.lua): UTF-8 decoded as the server's TextDecoder decodes it, the characters
-- that must never be printed as they are (lib/core/unsafe_chars.ts, the one list), and
-- JavaScript's String.prototype.trim(), which the server uses on every command it reads.
-- Tests compare both lists with the server's.
--
-- Pure Lua, no Wireshark API; Wireshark also runs this file alone as a plugin, which does nothing.

local text = {}

-- The characters of lib/core/unsafe_chars.ts, as code point ranges: controls (C0, DEL, C1), line
-- and paragraph separators, bidi controls, invisible format characters (Cf but ZWNJ and ZWJ),
-- lone surrogates.
local UNSAFE = { { 0x00, 0x1F }, { 0x7F, 0x9F }, { 0xAD, 0xAD }, { 0x600, 0x605 },
  { 0x61C, 0x61C }, { 0x6DD, 0x6DD }, { 0x70F, 0x70F }, { 0x890, 0x891 }, { 0x8E2, 0x8E2 },
  { 0x180E, 0x180E }, { 0x200B, 0x200B }, { 0x200E, 0x200F }, { 0x2028, 0x202E },
  { 0x2060, 0x2064 }, { 0x2066, 0x206F }, { 0xD800, 0xDFFF }, { 0xFEFF, 0xFEFF },
  { 0xFFF9, 0xFFFB }, { 0x110BD, 0x110BD }, { 0x110CD, 0x110CD }, { 0x13430, 0x1343F },
  { 0x1BCA0, 0x1BCA3 }, { 0x1D173, 0x1D17A }, { 0xE0001, 0xE0001 }, { 0xE0020, 0xE007F } }
-- What JavaScript's trim() removes: WhiteSpace and LineTerminator (ECMA-262).
local TRIMMED = { { 0x09, 0x0D }, { 0x20, 0x20 }, { 0xA0, 0xA0 }, { 0x1680, 0x1680 },
  { 0x2000, 0x200A }, { 0x2028, 0x2029 }, { 0x202F, 0x202F }, { 0x205F, 0x205F },
  { 0x3000, 0x3000 }, { 0xFEFF, 0xFEFF } }
-- The log's short escapes (lib/server/logger.ts); every other unsafe character is \uXXXX.
local SHORT = { [8] = "\\b", [9] = "\\t", [10] = "\\n", [12] = "\\f", [13] = "\\r" }

local function within(ranges, cp)
  for _, r in ipairs(ranges) do
    if cp >= r[1] and cp <= r[2] then return true end
  end
  return false
end

-- Text as the server's TextDecoder reads it: each invalid UTF-8 sequence becomes U+FFFD.
function text.utf8(s)
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

-- The code point of the valid UTF-8 sequence at byte i of s, and the byte after it.
local function decode(s, i)
  local b = s:byte(i)
  if b < 0x80 then return b, i + 1 end
  local n = b >= 0xF0 and 3 or (b >= 0xE0 and 2 or 1)
  local cp = b - (n == 3 and 0xF0 or (n == 2 and 0xE0 or 0xC0))
  for k = 1, n do cp = cp * 64 + s:byte(i + k) - 0x80 end
  return cp, i + n + 1
end

-- `s` (valid UTF-8) with each unsafe character written as the server's log writes it (`\n`,
-- `\u001b`, `\u202e`): what the Info column and every label show.
function text.escape(s)
  -- Every unsafe character is a byte below 0x20, DEL, or starts with one of these lead bytes.
  if not s:find("[\0-\31\127\194\216\219\220\224\225\226\239\240\243]") then return s end
  local out, i = {}, 1
  while i <= #s do
    local cp, j = decode(s, i)
    if within(UNSAFE, cp) then
      if SHORT[cp] then
        out[#out + 1] = SHORT[cp]
      elseif cp > 0xFFFF then
        -- As JSON writes it: the UTF-16 surrogate pair.
        local v = cp - 0x10000
        out[#out + 1] = string.format("\\u%04x\\u%04x", 0xD800 + math.floor(v / 0x400), 0xDC00 + v % 0x400)
      else
        out[#out + 1] = string.format("\\u%04x", cp)
      end
    else
      out[#out + 1] = s:sub(i, j - 1)
    end
    i = j
  end
  return table.concat(out)
end

-- The byte where the last code point of s (valid UTF-8) begins.
local function last_start(s)
  local i = #s
  while i > 1 and s:byte(i) >= 0x80 and s:byte(i) < 0xC0 do i = i - 1 end
  return i
end

-- `s` (valid UTF-8) without the white space at either end that JavaScript's trim() removes.
function text.trim(s)
  local i = 1
  while i <= #s do
    local cp, j = decode(s, i)
    if not within(TRIMMED, cp) then break end
    i = j
  end
  s = s:sub(i)
  while #s > 0 do
    local k = last_start(s)
    if not within(TRIMMED, (decode(s, k))) then break end
    s = s:sub(1, k - 1)
  end
  return s
end

return text

-- The Lua suite (docs/programs.md): luaunit 3.4's own unit tests (Debian's lua-unit source,
-- written by luaunit's authors), run by plain lua5.4 on the guest and under qemu-riscv64.
--
--   lua run.lua      (run.lua is this file, installed beside luaunit/ by scripts/build-lua.sh)
--
-- It prints luaunit's TAP report, one "ok N Name" or "not ok N Name" line per test, and
-- exits with luaunit's status. Two things in that report are not results and would differ
-- between runs: the start date and the elapsed seconds. They are replaced here (see below).
local dir = (arg and arg[0] or ""):match("^(.*)/[^/]*$") or "."

-- Modules load from DIR/luaunit with the chunk name upstream sees when it runs from its own
-- directory ("test/test_luaunit.lua"): error messages and tracebacks then read the same on
-- every side, wherever the files are (the guests' /usr/share/programs, a build tree).
table.insert(package.searchers, 2, function(name)
  local rel = name:gsub("%.", "/") .. ".lua"
  local f = io.open(dir .. "/luaunit/" .. rel, "rb")
  if not f then return "\n\tno file luaunit/" .. rel end
  local src = f:read("a")
  f:close()
  return assert(load(src, "@" .. rel)), rel
end)

-- The report's lines go through this filter: "# Started on <date>" and "in <seconds> seconds"
-- depend on the clock, everything else on the tests.
local real_stdout = io.stdout
local function clean(s)
  s = s:gsub("# Started on [^\n]*", "# Started on DATE")
  s = s:gsub("in [%d%.e%-]+ seconds", "in T seconds")
  return s
end
local proxy = {}
function proxy:write(...)
  local parts = {}
  for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
  real_stdout:write(clean(table.concat(parts)))
  return self
end
setmetatable(proxy, {__index = function(_, k)
  local v = real_stdout[k]
  if type(v) == "function" then return function(_, ...) return v(real_stdout, ...) end end
  return v
end})
io.stdout = proxy
local real_print = print
print = function(...)
  local parts = {}
  for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
  real_stdout:write(clean(table.concat(parts, "\t")), "\n")
end

require("test.test_luaunit")
local lu = require("luaunit")
local status = lu.LuaUnit.run("--output", "tap", "--verbose")
real_stdout:flush()
_ = real_print
os.exit(status)

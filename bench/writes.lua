-- wrk script for bench/write: writes spread over many residents, one request per write.
-- Environment:
--   WP_MODE    story (a resident writes one Goal of their story: PUT /me/passport/Goal/bench-goal),
--              consent (a resident replaces their choices: PUT /me/consent), or
--              partner (a partner system writes a resident's Patient: PUT /fhir/Patient/{id}), or
--              passport (a partner system writes a resident's whole passport, 17 resources, in one transaction:
--              POST /fhir with the resident's Bundle from WP_BODIES)
--   WP_TOKENS  a file of "residentId token" lines (the residents written to, and their own tokens)
--   WP_TOKEN   the partner system's token (partner mode)
--   WP_PURPOSE the purpose of use the partner states (partner mode; default direct-care)
--   WP_BODY    a file holding the body: the Consent (consent mode) or a Patient whose id is @ID@ (partner mode)
--   WP_BODIES  passport mode: a file of "residentId<TAB>Bundle" lines (bench/passport_setup.py writes it), whose
--              markers are filled in per request: the first Observation's score and time and the first Goal's text
--              change on every request; with PASSPORT_CHANGE=all (in bench/write's environment) all 17 resources do
-- Writes carry no If-Match: each is a new version of whatever is current. Every answer that is not a 200 or 201
-- counts as an error, and done() prints the figures.
local mode = os.getenv("WP_MODE") or "story"
local threads = {}

local function lines(path)
  local list = {}
  for line in io.lines(path) do
    if #line > 0 then
      table.insert(list, line)
    end
  end
  return list
end

local function slurp(path)
  local f = assert(io.open(path, "r"))
  local s = f:read("*a")
  f:close()
  return s
end

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 1000 + id)
  bad = 0
  residents = {}
  tokens = {}
  for _, line in ipairs(lines(os.getenv("WP_TOKENS"))) do
    local rid, token = line:match("^(%S+)%s+(%S+)$")
    table.insert(residents, rid)
    table.insert(tokens, token)
  end
  if mode == "passport" then
    residents = {}
    bodies = {}
    for _, line in ipairs(lines(os.getenv("WP_BODIES"))) do
      local rid, bundle = line:match("^(%S+)\t(.*)$")
      table.insert(residents, rid)
      table.insert(bodies, bundle)
    end
  elseif mode ~= "story" then
    body = slurp(os.getenv("WP_BODY"))
  end
  partner = os.getenv("WP_TOKEN")
  purpose = os.getenv("WP_PURPOSE") or "direct-care"
  counter = 0
  change_all = os.getenv("PASSPORT_CHANGE") == "all"
  started = os.time() % 1000
end

-- passport mode: the body with its markers filled in (bench/passport_setup.py), unique to this request: a time
-- (a fraction of a second of 9 digits: when this wrk started, this thread, this request) and a number in text
local function changed(bundle)
  local unique = string.format("%03d%d%05d", started, id % 10, counter % 100000)
  local time = "T09:00:00." .. unique .. "Z"
  local text = " (" .. unique .. ")"
  local b = bundle:gsub("@V@", tostring(7 + counter % 29)):gsub("@SD@", time):gsub("@ST@", text)
  if change_all then
    return (b:gsub("@AD@", time):gsub("@AT@", text))
  end
  return (b:gsub("@AD@", ""):gsub("@AT@", ""))
end

function request()
  local i = math.random(1, #residents)
  local rid = residents[i]
  counter = counter + 1
  if mode == "story" then
    local goal = string.format('{"resourceType":"Goal","id":"bench-goal","lifecycleStatus":"active",'
      .. '"description":{"text":"Walk to the park %d times this week"},'
      .. '"subject":{"reference":"Patient/%s"}}', counter % 7 + 1, rid)
    return wrk.format("PUT", "/me/passport/Goal/bench-goal",
      { ["Authorization"] = "Bearer " .. tokens[i], ["Content-Type"] = "application/fhir+json" }, goal)
  elseif mode == "passport" then
    return wrk.format("POST", "/fhir?purpose=" .. purpose,
      { ["Authorization"] = "Bearer " .. partner, ["Content-Type"] = "application/fhir+json" }, changed(bodies[i]))
  elseif mode == "consent" then
    return wrk.format("PUT", "/me/consent",
      { ["Authorization"] = "Bearer " .. tokens[i], ["Content-Type"] = "application/fhir+json" }, body)
  else
    return wrk.format("PUT", "/fhir/Patient/" .. rid .. "?purpose=" .. purpose,
      { ["Authorization"] = "Bearer " .. partner, ["Content-Type"] = "application/fhir+json" },
      (body:gsub("@ID@", rid)))
  end
end

function response(status, headers, body)
  if status ~= 200 and status ~= 201 then
    bad = bad + 1
    if bad < 4 then
      io.stderr:write("unexpected " .. status .. ": " .. string.sub(body or "", 1, 300) .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local notok = 0
  for _, t in ipairs(threads) do
    notok = notok + t:get("bad")
  end
  local seconds = summary.duration / 1e6
  local what = mode
  if mode == "passport" then -- which resources change on every request (never the same body twice)
    what = os.getenv("PASSPORT_CHANGE") == "all" and "passport (all 17 resources changed per request)"
      or "passport (2 of 17 resources changed per request)"
  end
  io.write(string.format("%s writes: %d ok, %d not ok; %.0f writes/s\n", what, summary.requests - notok, notok,
    (summary.requests - notok) / seconds))
  io.write(string.format("latency ms: p50=%.2f p90=%.2f p99=%.2f p99.9=%.2f max=%.2f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000))
  io.write(string.format("socket errors: connect %d, read %d, write %d, timeout %d\n", summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout))
end

-- wrk script for bench/load: whole-passport reads of random generated residents by one consented professional.
-- Environment: WP_TOKEN (bearer token), WP_RESIDENTS (how many generated residents), WP_PURPOSE (default
-- support-planning), WP_ORDER (random, the default; or sequential: connections walk through every resident in turn,
-- which the warm-up uses so that every passport has been read once; from index WP_START, default 0, and done() prints
-- the index below which every passport has been read, for the next round), WP_CHECK (full, the default; or native).
-- What counts as a failed read:
--   full:   every response is handed to response() below: anything but a 200, and a 200 whose body is under 1,000
--           bytes, counts as "not ok". This costs the driver CPU: wrk copies every response's headers and body
--           (tens of KB) into Lua, so bench/load uses it for the runs before and after the measured one.
--   native: no response() is defined, so wrk never hands responses to Lua; wrk's own count of 4xx/5xx responses
--           (summary.errors.status) counts as "not ok" (socket errors are printed, as in full), and every read
--           counts as failed if the bytes received average under 1,000 per response (what a 200 with an empty
--           body would lower). A 1xx/2xx/3xx other than 200 is not seen here: the full-check runs see those.
-- done() prints the figures.
local token = os.getenv("WP_TOKEN")
local residents = tonumber(os.getenv("WP_RESIDENTS") or "10000")
local purpose = os.getenv("WP_PURPOSE") or "support-planning"
local sequential = os.getenv("WP_ORDER") == "sequential"
-- the route read, a format of the resident index and the purpose (bench/partner reads Patient/$everything)
local path = os.getenv("WP_PATH") or "/passports/gen-%06d?purpose=%s"
local native = os.getenv("WP_CHECK") == "native"
local start = tonumber(os.getenv("WP_START") or "0")
-- the in-order stride: wrk's thread count (WP_THREADS, bench/load passes its -t). Not counted in setup(): wrk starts a
-- thread (and runs its init) before setting up the next, so a count kept there is 1 in the first thread and 2 in the
-- second, and the two walked overlapping indices (the first every index, the second every odd one: about a quarter of
-- the passports never read in order, the odd ones read twice)
local stride = tonumber(os.getenv("WP_THREADS") or "2")
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  thread:set("nthreads", 0)
  table.insert(threads, thread)
  for _, t in ipairs(threads) do
    t:set("nthreads", #threads)
  end
end

function init(args)
  math.randomseed(os.time() * 1000 + id)
  bad = 0
  small = 0
  nextIndex = start + id
  wrk.headers["Authorization"] = "Bearer " .. token
end

function request()
  local index
  if sequential then
    index = nextIndex % residents
    nextIndex = nextIndex + stride
  else
    index = math.random(0, residents - 1)
  end
  return wrk.format("GET", string.format(path, index, purpose))
end

if not native then
  function response(status, headers, body)
    if status ~= 200 then
      bad = bad + 1
      if bad < 4 then
        io.stderr:write("unexpected " .. status .. ": " .. string.sub(body or "", 1, 200) .. "\n")
      end
    elseif #body < 1000 then
      small = small + 1
    end
  end
end

function done(summary, latency, requests)
  local notok = 0
  if native then
    local e = summary.errors
    notok = e.status
    if summary.requests > 0 and summary.bytes / summary.requests < 1000 then
      notok = notok + summary.requests
      io.stderr:write(string.format("responses average %.0f bytes: short bodies\n", summary.bytes / summary.requests))
    end
  else
    for _, t in ipairs(threads) do
      notok = notok + t:get("bad") + t:get("small")
    end
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("passport reads: %d ok, %d not ok; %.0f reads/s\n", summary.requests - notok, notok,
    (summary.requests - notok) / seconds))
  io.write(string.format("latency ms: p50=%.2f p90=%.2f p99=%.2f p99.9=%.2f max=%.2f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000))
  io.write(string.format("socket errors: connect %d, read %d, write %d, timeout %d\n", summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout))
  if sequential then
    -- thread t reads start + t, start + t + stride, ...: every index below the least (nextIndex - t) was requested
    -- (a read in flight when the run stopped may not have been answered: the next round starts a little earlier)
    local below
    for _, t in ipairs(threads) do
      local v = t:get("nextIndex") - t:get("id") - stride * 8
      if below == nil or v < below then
        below = v
      end
    end
    io.write(string.format("in order: every index below %d read\n", math.max(start, below)))
  end
end

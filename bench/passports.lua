-- wrk script for bench/load: whole-passport reads of random generated residents by one consented professional.
-- Environment: WP_TOKEN (bearer token), WP_RESIDENTS (how many generated residents), WP_PURPOSE (default
-- support-planning), WP_ORDER (random, the default; or sequential: connections walk through every resident in turn,
-- which the warm-up uses so that every passport has been read once). Every response that is not a 200 with a body counts as an error, and done() prints the figures.
local token = os.getenv("WP_TOKEN")
local residents = tonumber(os.getenv("WP_RESIDENTS") or "10000")
local purpose = os.getenv("WP_PURPOSE") or "support-planning"
local sequential = os.getenv("WP_ORDER") == "sequential"
-- the route read, a format of the resident index and the purpose (bench/partner reads Patient/$everything)
local path = os.getenv("WP_PATH") or "/passports/gen-%06d?purpose=%s"
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
  nextIndex = id
  wrk.headers["Authorization"] = "Bearer " .. token
end

function request()
  local index
  if sequential then
    index = nextIndex % residents
    nextIndex = nextIndex + nthreads
  else
    index = math.random(0, residents - 1)
  end
  return wrk.format("GET", string.format(path, index, purpose))
end

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

function done(summary, latency, requests)
  local notok = 0
  for _, t in ipairs(threads) do
    notok = notok + t:get("bad") + t:get("small")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("passport reads: %d ok, %d not ok; %.0f reads/s\n", summary.requests - notok, notok,
    (summary.requests - notok) / seconds))
  io.write(string.format("latency ms: p50=%.2f p90=%.2f p99=%.2f p99.9=%.2f max=%.2f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000))
  io.write(string.format("socket errors: connect %d, read %d, write %d, timeout %d\n", summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout))
end

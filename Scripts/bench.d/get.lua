-- wrk script for Scripts/bench: GET with the API token, and a parsable summary.
--   BENCH_TOKEN=… wrk -t1 -c1 -d10s -s get.lua 'http://127.0.0.1:PORT/api/reports?survey=sipas-2017&period=2021-03'
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or "")
wrk.headers["Accept"] = "application/json"

local threads = {}
function setup(thread) table.insert(threads, thread) end

function init(args) ok, bad = 0, 0 end

function response(status, headers, body)
    if status == 200 then ok = ok + 1 else bad = bad + 1 end
end

function done(summary, latency, requests)
    local ok_total, bad_total = 0, 0
    for _, t in ipairs(threads) do ok_total = ok_total + t:get("ok"); bad_total = bad_total + t:get("bad") end
    local seconds = summary.duration / 1e6
    io.write(string.format("BENCH requests=%d ok=%d bad=%d socket_errors=%d seconds=%.3f rps=%.2f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f\n",
        summary.requests, ok_total, bad_total,
        summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
        seconds, summary.requests / seconds,
        latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000))
end

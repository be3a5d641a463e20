-- wrk script for Scripts/bench: the public questionnaire, POST /s/{token} as a browser sends
-- it (application/x-www-form-urlencoded), each post with its own form id (`_form`: run tag,
-- thread number and counter, padded to the 22 characters a form id has at least).
-- Environment: BENCH_FORM_PATH (/s/{token}), BENCH_FORM_BODY (file: the answers, urlencoded),
-- BENCH_RUN. A stored questionnaire answers 303 (to the thank-you page).
local threads = {}
local next_id = 1

function setup(thread)
    thread:set("id", next_id)
    next_id = next_id + 1
    table.insert(threads, thread)
end

function init(args)
    path = os.getenv("BENCH_FORM_PATH")
    local f = io.open(os.getenv("BENCH_FORM_BODY"), "r")
    answers = f:read("*a"):gsub("%s+$", "")
    f:close()
    run = os.getenv("BENCH_RUN") or "run"
    counter, c303, other = 0, 0, 0
end

function request()
    counter = counter + 1
    local form = string.format("form%s%03d%015d", run:gsub("[^%w]", ""), id, counter)
    return wrk.format("POST", path, {["Content-Type"] = "application/x-www-form-urlencoded"},
        "_form=" .. form .. "&" .. answers)
end

function response(status, headers, body)
    if status == 303 then c303 = c303 + 1 else other = other + 1 end
end

function done(summary, latency, requests)
    local t303, tother = 0, 0
    for _, t in ipairs(threads) do t303 = t303 + t:get("c303"); tother = tother + t:get("other") end
    local seconds = summary.duration / 1e6
    io.write(string.format("BENCH requests=%d status_303=%d status_other=%d socket_errors=%d seconds=%.3f rps=%.2f p50_ms=%.3f p99_ms=%.3f\n",
        summary.requests, t303, tother,
        summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
        seconds, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end

-- wrk script for Scripts/bench: batches of questionnaires, POST /api/submissions/batch (a JSON
-- array of BENCH_BATCH questionnaires, each with its own client_id: run tag, thread number,
-- request counter and position). Environment: BENCH_TOKEN, BENCH_UNITS (file, one commune
-- code a line), BENCH_RUN, BENCH_BATCH (default 500). Counts the questionnaires the server
-- says it stored ("stored": N in each 200 answer).
local threads = {}
local next_id = 1

function setup(thread)
    thread:set("id", next_id)
    next_id = next_id + 1
    table.insert(threads, thread)
end

local criteria = {"1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3",
                  "3.4", "3.5", "3.6", "4.1", "4.2", "4.3", "5.1", "5.2", "5.3", "5.4"}
local observations = {"obs.return", "obs.late", "obs.late_no_apology", "obs.extra_payment", "obs.harassed"}

function init(args)
    units = {}
    for line in io.lines(os.getenv("BENCH_UNITS")) do
        if line ~= "" then units[#units + 1] = line end
    end
    run = os.getenv("BENCH_RUN") or "run"
    token = os.getenv("BENCH_TOKEN") or ""
    size = tonumber(os.getenv("BENCH_BATCH") or "500")
    counter, ok, other, stored = 0, 0, 0, 0
    math.randomseed(id * 104729)
end

function request()
    counter = counter + 1
    local items = {}
    for k = 1, size do
        local answers = {}
        for _, code in ipairs(criteria) do
            local r = math.random()
            local level = r < 0.03 and 1 or r < 0.06 and 2 or r < 0.12 and 3 or r < 0.62 and 4 or 5
            answers[#answers + 1] = string.format('"%s":"%d"', code, level)
        end
        for _, code in ipairs(observations) do
            answers[#answers + 1] = string.format('"%s":"%s"', code, math.random() < 0.1 and "yes" or "no")
        end
        items[k] = string.format(
            '{"client_id":"batch-%s-%d-%d-%d","survey":"sipas-2017","unit":"%s","date":"2021-03-%02d","channel":"kiosk","answers":{%s}}',
            run, id, counter, k, units[math.random(#units)], math.random(28), table.concat(answers, ","))
    end
    return wrk.format("POST", "/api/submissions/batch", {
        ["Authorization"] = "Bearer " .. token,
        ["Content-Type"] = "application/json",
    }, "[" .. table.concat(items, ",") .. "]")
end

function response(status, headers, body)
    if status == 200 then
        ok = ok + 1
        local n = body and body:match('"stored"%s*:%s*(%d+)')
        if n then stored = stored + tonumber(n) end
    else
        other = other + 1
    end
end

function done(summary, latency, requests)
    local tok, tother, tstored = 0, 0, 0
    for _, t in ipairs(threads) do
        tok = tok + t:get("ok"); tother = tother + t:get("other"); tstored = tstored + t:get("stored")
    end
    local seconds = summary.duration / 1e6
    io.write(string.format("BENCH requests=%d status_200=%d status_other=%d stored=%d socket_errors=%d seconds=%.3f rps=%.2f qps=%.2f p50_ms=%.3f p99_ms=%.3f\n",
        summary.requests, tok, tother, tstored,
        summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
        seconds, summary.requests / seconds, tstored / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end

-- wrk script for Scripts/bench: single questionnaire submissions, POST /api/submissions.
-- Every request has its own client_id: run tag, thread number and a per-thread counter.
-- Environment: BENCH_TOKEN (API token), BENCH_UNITS (file, one commune code a line),
-- BENCH_RUN (a tag for this run's client ids), BENCH_ACKS (prefix of the files where each
-- thread writes the client ids the server acknowledged with 201 or 200, when the response
-- body names them).
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
    counter, c201, c200, cother, named = 0, 0, 0, 0, 0
    math.randomseed(id * 7919)
    local prefix = os.getenv("BENCH_ACKS")
    if prefix then
        acks = io.open(prefix .. "." .. id, "w")
        acks:setvbuf("line")
    end
end

function request()
    counter = counter + 1
    local client_id = string.format("bench-%s-%d-%d", run, id, counter)
    local answers = {}
    for _, code in ipairs(criteria) do
        local r = math.random()
        local level = r < 0.03 and 1 or r < 0.06 and 2 or r < 0.12 and 3 or r < 0.62 and 4 or 5
        answers[#answers + 1] = string.format('"%s":"%d"', code, level)
    end
    for _, code in ipairs(observations) do
        answers[#answers + 1] = string.format('"%s":"%s"', code, math.random() < 0.1 and "yes" or "no")
    end
    local body = string.format(
        '{"client_id":"%s","survey":"sipas-2017","unit":"%s","date":"2021-03-%02d","channel":"kiosk","answers":{%s}}',
        client_id, units[math.random(#units)], math.random(28), table.concat(answers, ","))
    return wrk.format("POST", "/api/submissions", {
        ["Authorization"] = "Bearer " .. token,
        ["Content-Type"] = "application/json",
    }, body)
end

function response(status, headers, body)
    if status == 201 then c201 = c201 + 1
    elseif status == 200 then c200 = c200 + 1
    else cother = cother + 1 end
    if acks and (status == 201 or status == 200) and body then
        local client_id = body:match('"client_id"%s*:%s*"([^"]+)"')
        if client_id then
            acks:write(client_id, "\n")
            named = named + 1
        end
    end
end

function done(summary, latency, requests)
    local t201, t200, tother, tnamed = 0, 0, 0, 0
    for _, t in ipairs(threads) do
        t201 = t201 + t:get("c201"); t200 = t200 + t:get("c200")
        tother = tother + t:get("cother"); tnamed = tnamed + t:get("named")
    end
    local seconds = summary.duration / 1e6
    io.write(string.format("BENCH requests=%d status_201=%d status_200=%d status_other=%d acks_named=%d socket_errors=%d seconds=%.3f rps=%.2f p50_ms=%.3f p99_ms=%.3f\n",
        summary.requests, t201, t200, tother, tnamed,
        summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
        seconds, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end

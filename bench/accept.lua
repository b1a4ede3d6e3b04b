-- wrk script for benchmark (e): every request is a real acceptance POST.
--
-- BENCH_TOKENS names a file with one invitation token per line, each the
-- active link of a different partner; BENCH_SESSIONS a file with
-- "<session cookie> <csrf token>" per line, one signed-in global admin of a
-- different customer each. Request n of a thread accepts the n-th partner's
-- invitation for customer n mod (sessions of the thread), so every request
-- creates a new reseller relationship and takes delegated administration of
-- all four services over from the previous partner. Threads use disjoint
-- tokens and sessions; in-flight requests of a thread use different
-- customers, so concurrent acceptances never race for one tenant's service.
dofile("bench/report.lua")
local report = done

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local nthreads = tonumber(os.getenv("BENCH_THREADS") or "2")
  tokens, sessions, counter = {}, {}, 0
  local i = 0
  for line in io.lines(os.getenv("BENCH_TOKENS")) do
    if i % nthreads == id then table.insert(tokens, line) end
    i = i + 1
  end
  i = 0
  for line in io.lines(os.getenv("BENCH_SESSIONS")) do
    if i % nthreads == id then
      local cookie, csrf = line:match("^(%S+) (%S+)$")
      table.insert(sessions, { cookie = cookie, csrf = csrf })
    end
    i = i + 1
  end
  ntokens = #tokens
end

function request()
  counter = counter + 1
  local s = sessions[(counter - 1) % #sessions + 1]
  local token = tokens[(counter - 1) % #tokens + 1]
  local body = "csrf_token=" .. s.csrf .. "&token=" .. token
    .. "&services=office365&services=azure&services=dynamics365&services=powerbi&accept_agreement=on"
  return wrk.format("POST", "/admin/partner-invitation", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "partnerlink_session=" .. s.cookie,
  }, body)
end

done = function(summary, latency, requests)
  report(summary, latency, requests)
  for _, thread in ipairs(threads) do
    local sent, available = thread:get("counter"), thread:get("ntokens")
    if sent > available then
      io.write(string.format("WRAPPED thread %d sent %d requests for %d tokens\n", thread:get("id"), sent, available))
    end
  end
end

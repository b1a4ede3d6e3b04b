-- wrk `done` hook shared by every benchmark run: prints one machine-readable
-- line that bench/run.sh parses (latencies in microseconds).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d rps=%.1f p50_us=%d p99_us=%d status_errors=%d socket_errors=%d\n",
    summary.requests,
    summary.requests / summary.duration * 1e6,
    latency:percentile(50),
    latency:percentile(99),
    e.status,
    e.connect + e.read + e.write + e.timeout))
end

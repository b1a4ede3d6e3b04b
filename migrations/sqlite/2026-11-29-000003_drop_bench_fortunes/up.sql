-- The benchmark baseline's table is not part of the product: it is created
-- by `serve` only when PARTNERLINK_BENCH_BASELINE=true (src/routes/fortunes.rs).
DROP TABLE IF EXISTS fortunes;

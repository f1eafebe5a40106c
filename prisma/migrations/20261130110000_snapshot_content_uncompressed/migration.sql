-- A run's feed bytes live only until the run is finalised: compressing them on the way in (pglz) cost more
-- than it saved. Out of line, uncompressed: saving a 1.2 MB feed ~35 ms instead of ~55, reading it back ~10
-- instead of ~14 (bench/tmp/exp-snap.ts, PGlite).
ALTER TABLE "IngestSnapshot" ALTER COLUMN content SET STORAGE EXTERNAL;

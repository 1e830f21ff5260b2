-- A search read every match of its terms and checked each against
-- search_readers: for a unit's 水 at a province's volume 1.57 million
-- matches, seconds; for the staff's 路灯 a probe of search_readers for
-- each match in a span of time, 12 s where a span held two million items.
-- The readers are now lexemes of the entries' own tsvectors ('@' and the
-- reader, which no token of a text has), so that the terms and the
-- viewer's readers are one GIN condition (store.readerLexemes,
-- readerQuery). Existing entries get theirs from search_readers; new ones
-- are written with them. The update rewrites every entry: minutes at a
-- province's volume, once.

-- +goose Up
UPDATE search_docs d SET uni = d.uni || r.lexemes, bi = d.bi || r.lexemes
FROM (SELECT doc, array_to_tsvector(array_agg('@' || reader)) AS lexemes FROM search_readers GROUP BY doc) r
WHERE r.doc = d.doc;

-- +goose Down
UPDATE search_docs SET uni = ts_filter(uni, '{a,b}'), bi = ts_filter(bi, '{a,b}');

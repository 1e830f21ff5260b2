-- A search by someone who may read few items (a unit, a deputy, the
-- public) read every match of its terms and checked each against
-- search_readers: a unit's 水 at a province's volume is 1.57 million
-- matches, seconds. The readers are now lexemes of the entries' own
-- tsvectors ('@' and the reader, which no token of a text has), so that
-- the GIN index intersects the terms' matches with the entries the viewer
-- may read in one scan (store.readerLexemes, readerQuery). Existing
-- entries get theirs from search_readers; new ones are written with them.

-- +goose Up
UPDATE search_docs d SET uni = d.uni || r.lexemes, bi = d.bi || r.lexemes
FROM (SELECT doc, array_to_tsvector(array_agg('@' || reader)) AS lexemes FROM search_readers GROUP BY doc) r
WHERE r.doc = d.doc;

-- +goose Down
UPDATE search_docs SET uni = ts_filter(uni, '{a,b}'), bi = ts_filter(bi, '{a,b}');

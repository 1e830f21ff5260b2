-- The public page of a station (and a citizen's form and submission at it)
-- reads the station, its deputies and its next reception days. They change
-- rarely and are read on every visit, so each server keeps them in memory
-- while the version 'stations' in cache_versions stays the same, as it does
-- the settings and the calendar. Triggers raise the version in the
-- transaction of any change to the tables they come from, so no write path
-- can forget to, and with several servers on one database a change applies
-- on all of them at once.

-- +goose Up
INSERT INTO cache_versions (name, version) VALUES ('stations', 0);

-- +goose StatementBegin
CREATE FUNCTION stations_cache_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE cache_versions SET version = version + 1 WHERE name = 'stations';
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER stations_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON stations FOR EACH STATEMENT EXECUTE FUNCTION stations_cache_bump();
CREATE TRIGGER regions_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON regions FOR EACH STATEMENT EXECUTE FUNCTION stations_cache_bump();
CREATE TRIGGER station_deputies_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON station_deputies FOR EACH STATEMENT EXECUTE FUNCTION stations_cache_bump();
CREATE TRIGGER deputies_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON deputies FOR EACH STATEMENT EXECUTE FUNCTION stations_cache_bump();
CREATE TRIGGER congresses_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON congresses FOR EACH STATEMENT EXECUTE FUNCTION stations_cache_bump();
CREATE TRIGGER duties_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON duties FOR EACH STATEMENT EXECUTE FUNCTION stations_cache_bump();
CREATE TRIGGER duty_deputies_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON duty_deputies FOR EACH STATEMENT EXECUTE FUNCTION stations_cache_bump();

-- +goose Down
DROP TRIGGER stations_cache ON stations;
DROP TRIGGER regions_cache ON regions;
DROP TRIGGER station_deputies_cache ON station_deputies;
DROP TRIGGER deputies_cache ON deputies;
DROP TRIGGER congresses_cache ON congresses;
DROP TRIGGER duties_cache ON duties;
DROP TRIGGER duty_deputies_cache ON duty_deputies;
DROP FUNCTION stations_cache_bump();
DELETE FROM cache_versions WHERE name = 'stations';

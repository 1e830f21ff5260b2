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
CREATE TRIGGER stations_cache_insert AFTER INSERT ON stations BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'stations'; END;
CREATE TRIGGER stations_cache_update AFTER UPDATE ON stations BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'stations'; END;
CREATE TRIGGER stations_cache_delete AFTER DELETE ON stations BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'stations'; END;
CREATE TRIGGER regions_cache_insert AFTER INSERT ON regions BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'stations'; END;
CREATE TRIGGER regions_cache_update AFTER UPDATE ON regions BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'stations'; END;
CREATE TRIGGER regions_cache_delete AFTER DELETE ON regions BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'stations'; END;
CREATE TRIGGER station_deputies_cache_insert AFTER INSERT ON station_deputies BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'stations'; END;
CREATE TRIGGER station_deputies_cache_update AFTER UPDATE ON station_deputies BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'stations'; END;
CREATE TRIGGER station_deputies_cache_delete AFTER DELETE ON station_deputies BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'stations'; END;
CREATE TRIGGER deputies_cache_insert AFTER INSERT ON deputies BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'stations'; END;
CREATE TRIGGER deputies_cache_update AFTER UPDATE ON deputies BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'stations'; END;
CREATE TRIGGER deputies_cache_delete AFTER DELETE ON deputies BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'stations'; END;
CREATE TRIGGER congresses_cache_insert AFTER INSERT ON congresses BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'stations'; END;
CREATE TRIGGER congresses_cache_update AFTER UPDATE ON congresses BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'stations'; END;
CREATE TRIGGER congresses_cache_delete AFTER DELETE ON congresses BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'stations'; END;
CREATE TRIGGER duties_cache_insert AFTER INSERT ON duties BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'stations'; END;
CREATE TRIGGER duties_cache_update AFTER UPDATE ON duties BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'stations'; END;
CREATE TRIGGER duties_cache_delete AFTER DELETE ON duties BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'stations'; END;
CREATE TRIGGER duty_deputies_cache_insert AFTER INSERT ON duty_deputies BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'stations'; END;
CREATE TRIGGER duty_deputies_cache_update AFTER UPDATE ON duty_deputies BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'stations'; END;
CREATE TRIGGER duty_deputies_cache_delete AFTER DELETE ON duty_deputies BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'stations'; END;

-- +goose Down
DROP TRIGGER stations_cache_insert;
DROP TRIGGER stations_cache_update;
DROP TRIGGER stations_cache_delete;
DROP TRIGGER regions_cache_insert;
DROP TRIGGER regions_cache_update;
DROP TRIGGER regions_cache_delete;
DROP TRIGGER station_deputies_cache_insert;
DROP TRIGGER station_deputies_cache_update;
DROP TRIGGER station_deputies_cache_delete;
DROP TRIGGER deputies_cache_insert;
DROP TRIGGER deputies_cache_update;
DROP TRIGGER deputies_cache_delete;
DROP TRIGGER congresses_cache_insert;
DROP TRIGGER congresses_cache_update;
DROP TRIGGER congresses_cache_delete;
DROP TRIGGER duties_cache_insert;
DROP TRIGGER duties_cache_update;
DROP TRIGGER duties_cache_delete;
DROP TRIGGER duty_deputies_cache_insert;
DROP TRIGGER duty_deputies_cache_update;
DROP TRIGGER duty_deputies_cache_delete;
DELETE FROM cache_versions WHERE name = 'stations';

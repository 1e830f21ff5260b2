-- A supervision activity carried out jointly with a higher congress
-- (衡阳市人大, 湖南省人大): with whom, who organised, which levels'
-- deputies took part (comma-separated: county, city, province).

-- +goose Up
ALTER TABLE supervision_items ADD COLUMN joint_with TEXT NOT NULL DEFAULT '';
ALTER TABLE supervision_items ADD COLUMN joint_organiser TEXT NOT NULL DEFAULT '';
ALTER TABLE supervision_items ADD COLUMN joint_levels TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE supervision_items DROP COLUMN joint_levels;
ALTER TABLE supervision_items DROP COLUMN joint_organiser;
ALTER TABLE supervision_items DROP COLUMN joint_with;

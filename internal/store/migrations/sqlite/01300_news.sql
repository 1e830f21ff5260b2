-- The public portal's articles (专栏文章): drafted, reviewed and published
-- by staff (news.Flow).

-- +goose Up
CREATE TABLE news_articles (
    id           TEXT PRIMARY KEY,
    col          TEXT NOT NULL,
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL DEFAULT '',
    state        TEXT NOT NULL,
    author_id    TEXT REFERENCES users(id),
    reviewer_id  TEXT REFERENCES users(id),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    published_at TEXT
);
CREATE INDEX news_articles_published ON news_articles (state, published_at);

-- +goose Down
DROP TABLE news_articles;

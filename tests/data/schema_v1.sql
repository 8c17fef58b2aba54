-- The store's schema version 1 (before owners and share links), for the migration test.
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS corpora (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL,
    builtin INTEGER NOT NULL DEFAULT 0,
    revision INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS articles (
    hash TEXT PRIMARY KEY,
    title TEXT, date TEXT, outlet TEXT, author TEXT, url TEXT, source TEXT, language TEXT,
    text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS corpus_articles (
    corpus_id INTEGER NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
    article_hash TEXT NOT NULL REFERENCES articles(hash),
    position INTEGER NOT NULL,
    PRIMARY KEY (corpus_id, article_hash)
);
CREATE INDEX IF NOT EXISTS corpus_articles_by_article ON corpus_articles(article_hash);
CREATE TABLE IF NOT EXISTS analyses (
    article_hash TEXT PRIMARY KEY REFERENCES articles(hash) ON DELETE CASCADE,
    engine_version TEXT NOT NULL,
    analysed TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS statements (
    article_hash TEXT NOT NULL REFERENCES articles(hash) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    speaker TEXT, speaker_text TEXT, cue TEXT NOT NULL, stance TEXT NOT NULL, target TEXT,
    content TEXT NOT NULL, direct INTEGER NOT NULL, negated INTEGER NOT NULL, location TEXT, sentence TEXT,
    start INTEGER, "end" INTEGER, cue_start INTEGER, cue_end INTEGER, content_start INTEGER, content_end INTEGER,
    context TEXT NOT NULL, context_start INTEGER,
    PRIMARY KEY (article_hash, idx)
);
CREATE TABLE IF NOT EXISTS actors (
    article_hash TEXT NOT NULL REFERENCES articles(hash) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    name TEXT NOT NULL, type TEXT, aliases TEXT NOT NULL, role TEXT, mentions INTEGER NOT NULL,
    PRIMARY KEY (article_hash, idx)
);
CREATE TABLE IF NOT EXISTS locations (
    article_hash TEXT NOT NULL REFERENCES articles(hash) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    name TEXT NOT NULL, country TEXT, lat REAL, lon REAL, kind TEXT, mentions INTEGER NOT NULL, aliases TEXT NOT NULL,
    PRIMARY KEY (article_hash, idx)
);

INSERT INTO meta(key, value) VALUES ('schema', '1');

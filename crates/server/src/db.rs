//! The database: SQLite in a file by default, PostgreSQL when given a `postgres://` URL, both
//! through one pool and one set of migrations. The server keeps no state of its own beyond it,
//! so several instances can share one PostgreSQL database.

use std::path::Path;
use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor, Row};

static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// The SQLite write-ahead log is cut back to this size after a checkpoint.
pub const WAL_LIMIT_BYTES: u64 = 16 * 1024 * 1024;
/// How often the background task checkpoints the SQLite log.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(250);

/// Which database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// An open, migrated database.
#[derive(Debug, Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
}

impl Backend {
    pub fn of(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

/// The URL of the SQLite database kept in `data_dir`.
pub fn sqlite_url(data_dir: &Path) -> String {
    format!("sqlite://{}?mode=rwc", data_dir.join("praxis.db").display())
}

impl Db {
    /// Opens the database at `url` and brings its schema up to date. `schema` (PostgreSQL only)
    /// puts every table in that schema, created if missing: tests use one schema each.
    pub async fn connect(url: &str, schema: Option<&str>) -> Result<Db, sqlx::Error> {
        install_default_drivers();
        let backend = Backend::of(url).ok_or_else(|| {
            sqlx::Error::Configuration(
                "the database URL must start with sqlite: or postgres://".into(),
            )
        })?;
        let pool = match backend {
            // One connection: SQLite takes one writer at a time anyway, and a single
            // connection never meets a busy database.
            Backend::Sqlite => {
                AnyPoolOptions::new()
                    .max_connections(1)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            for pragma in [
                                "PRAGMA journal_mode = WAL".to_owned(),
                                "PRAGMA synchronous = FULL".to_owned(),
                                "PRAGMA busy_timeout = 5000".to_owned(),
                                // Checkpoints run in the background, not inside a request's commit.
                                "PRAGMA wal_autocheckpoint = 0".to_owned(),
                                format!("PRAGMA journal_size_limit = {WAL_LIMIT_BYTES}"),
                            ] {
                                conn.execute(pragma.as_str()).await?;
                            }
                            Ok(())
                        })
                    })
                    .connect(url)
                    .await?
            }
            Backend::Postgres => {
                let schema = schema.map(str::to_owned);
                if let Some(name) = &schema {
                    check_schema_name(name)?;
                    let setup = AnyPoolOptions::new()
                        .max_connections(1)
                        .connect(url)
                        .await?;
                    setup
                        .execute(format!("CREATE SCHEMA IF NOT EXISTS {name}").as_str())
                        .await?;
                    setup.close().await;
                }
                AnyPoolOptions::new()
                    .max_connections(16)
                    .after_connect(move |conn, _| {
                        let schema = schema.clone();
                        Box::pin(async move {
                            if let Some(name) = schema {
                                conn.execute(format!("SET search_path TO {name}").as_str())
                                    .await?;
                            }
                            Ok(())
                        })
                    })
                    .connect(url)
                    .await?
            }
        };
        MIGRATOR.run(&pool).await?;
        Ok(Db { pool, backend })
    }

    /// For SQLite, checkpoints the log in the background, from a connection of its own, so
    /// the log stays bounded without a request's commit ever running a checkpoint. Nothing to
    /// do for PostgreSQL.
    ///
    /// A passive checkpoint never waits for the writer, but under a steady stream of writes it
    /// never catches up either, and the log is only reused once a checkpoint has caught up. So
    /// when the log has grown past [`WAL_LIMIT_BYTES`], a truncating checkpoint holds writers
    /// back for the moment it takes to copy what is left and empty the log.
    pub async fn spawn_checkpoints(&self, url: &str) -> Result<(), sqlx::Error> {
        if self.backend != Backend::Sqlite {
            return Ok(());
        }
        let checkpointer = AnyPoolOptions::new()
            .max_connections(1)
            .after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute("PRAGMA busy_timeout = 5000").await?;
                    conn.execute(format!("PRAGMA journal_size_limit = {WAL_LIMIT_BYTES}").as_str())
                        .await?;
                    Ok(())
                })
            })
            .connect(url)
            .await?;
        let page_size: i64 = sqlx::query("PRAGMA page_size")
            .fetch_one(&checkpointer)
            .await?
            .try_get(0)?;
        // Each frame of the log is a page and a 24-byte header.
        let limit_frames = i64::try_from(WAL_LIMIT_BYTES).unwrap_or(i64::MAX) / (page_size + 24);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(CHECKPOINT_EVERY);
            loop {
                tick.tick().await;
                if let Err(error) = checkpoint(&checkpointer, limit_frames).await {
                    eprintln!("praxis-server: checkpoint failed: {error}");
                }
            }
        });
        Ok(())
    }
}

impl Db {
    /// PostgreSQL plans a push's id lookups from what it knows of the tables, and a table
    /// that has grown a lot since it was last analysed (a large workspace's first upload,
    /// before autovacuum wakes) gets plans that read the whole workspace for each lookup. So
    /// when a push takes a workspace's change count past a power of two from 1,024 on, the
    /// tables are analysed in the background.
    pub fn analyse_if_grown(&self, before: u64, after: u64) {
        let crossed = |count: u64| count.max(512).ilog2();
        if self.backend != Backend::Postgres || crossed(after) == crossed(before) {
            return;
        }
        let pool = self.pool.clone();
        tokio::spawn(async move {
            for table in ["changes", "records"] {
                if let Err(error) = pool.execute(format!("ANALYZE {table}").as_str()).await {
                    eprintln!("praxis-server: analysing {table} failed: {error}");
                }
            }
        });
    }
}

/// One background checkpoint: passive, then truncating if the log is over its limit.
async fn checkpoint(checkpointer: &AnyPool, limit_frames: i64) -> Result<(), sqlx::Error> {
    // The answer's second column is the number of frames in the log.
    let frames: i64 = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
        .fetch_one(checkpointer)
        .await?
        .try_get(1)?;
    if frames > limit_frames {
        checkpointer
            .execute("PRAGMA wal_checkpoint(TRUNCATE)")
            .await?;
    }
    Ok(())
}

/// Schema names go into SQL text (they cannot be bound), so only plain names pass.
fn check_schema_name(name: &str) -> Result<(), sqlx::Error> {
    let plain = !name.is_empty()
        && name.len() <= 63
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain {
        Ok(())
    } else {
        Err(sqlx::Error::Configuration(
            format!("{name:?} is not a plain schema name").into(),
        ))
    }
}

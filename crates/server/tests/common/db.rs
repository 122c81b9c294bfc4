//! A fresh database per test, on SQLite or PostgreSQL. PostgreSQL tests run against
//! `PRAXIS_TEST_POSTGRES` (default postgres://postgres@127.0.0.1:5432/test), each in a schema
//! of its own that is dropped afterwards. When PostgreSQL cannot be reached they say they are
//! skipped, unless `PRAXIS_REQUIRE_POSTGRES=1` (CI sets it), where that is a failure.

use std::sync::atomic::{AtomicU32, Ordering};

use praxis_server::{Backend, Db};
use tempfile::TempDir;

pub const DEFAULT_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/test";

pub fn postgres_url() -> String {
    std::env::var("PRAXIS_TEST_POSTGRES")
        .ok()
        .filter(|url| !url.is_empty())
        .unwrap_or_else(|| DEFAULT_POSTGRES.to_owned())
}

fn postgres_required() -> bool {
    std::env::var("PRAXIS_REQUIRE_POSTGRES").is_ok_and(|v| v == "1")
}

/// A database that lives as long as this value.
#[derive(Debug)]
pub struct TestDb {
    pub db: Db,
    pub url: String,
    pub schema: Option<String>,
    _dir: Option<TempDir>,
}

impl TestDb {
    /// A new empty database, or `None` (with a note on stderr) when PostgreSQL is wanted but
    /// not reachable and not required.
    pub async fn new(backend: Backend, test: &str) -> Option<TestDb> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = praxis_server::db::sqlite_url(dir.path());
                let db = Db::connect(&url, None).await.expect("open SQLite");
                Some(TestDb {
                    db,
                    url,
                    schema: None,
                    _dir: Some(dir),
                })
            }
            Backend::Postgres => {
                let url = postgres_url();
                let schema = unique_schema();
                match Db::connect(&url, Some(&schema)).await {
                    Ok(db) => Some(TestDb {
                        db,
                        url,
                        schema: Some(schema),
                        _dir: None,
                    }),
                    Err(error) if !postgres_required() => {
                        eprintln!(
                            "skipped {test} on PostgreSQL: {url} is not reachable ({error}); set PRAXIS_REQUIRE_POSTGRES=1 to make this a failure"
                        );
                        None
                    }
                    Err(error) => panic!("PostgreSQL at {url} is required: {error}"),
                }
            }
        }
    }

    /// A pool on a database another [`TestDb`] owns (and drops).
    pub fn borrowed(db: Db) -> TestDb {
        TestDb {
            db,
            url: String::new(),
            schema: None,
            _dir: None,
        }
    }

    /// Another connection pool on the same database (a second server instance).
    pub async fn another(&self) -> Db {
        Db::connect(&self.url, self.schema.as_deref())
            .await
            .expect("second pool")
    }
}

fn unique_schema() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "praxis_test_{}_{}_{nanos}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(schema) = self.schema.take() else {
            return;
        };
        let url = self.url.clone();
        // Dropping happens outside async code: a short-lived runtime of its own does it.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async {
                sqlx::any::install_default_drivers();
                if let Ok(pool) = sqlx::AnyPool::connect(&url).await {
                    let _ = sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
                        .execute(&pool)
                        .await;
                    pool.close().await;
                }
            });
        })
        .join();
    }
}

/// An in-memory SQLite database, for tests of the app's static files.
pub async fn memory_db() -> Db {
    Db::connect("sqlite::memory:", None)
        .await
        .expect("memory database")
}

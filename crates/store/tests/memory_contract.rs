//! The store contract, natively, against the in-memory backend.

use praxis_store::{MemoryStore, contract};

#[test]
fn memory_store_honours_the_contract() {
    pollster::block_on(contract::run_all(|| async { MemoryStore::new() }));
}

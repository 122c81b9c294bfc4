//! Times the roll-up of a fully rated integrated assessment (ISO/IEC 20000-1 and ISO/IEC 27001,
//! 180 items). Run by `cargo xtask bench`, which records the result in docs/BENCHMARKS.md;
//! by hand: `cargo run --release -p praxis-core --example rollup_bench`.

use std::time::Instant;

use praxis_core::assessment::bench::{fully_rated_integrated, time_rollups};

fn main() {
    let assessment = fully_rated_integrated();
    let origin = Instant::now();
    println!(
        "{}",
        time_rollups(&assessment, || origin.elapsed().as_secs_f64() * 1000.0)
    );
}

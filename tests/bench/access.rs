//! Micro-benchmark of the access-control checks a connect makes (`blocked` on the user,
//! `token_refused` on its `jti` and `iat`): nanoseconds and allocations per connect with
//! 10,000 blocked users, 10,000 revoked tokens and 10,000 invalidated users in force, as a
//! ratio to the same checks with nothing in force, measured in the same run.
//!
//! `cargo bench --bench access` prints the figures. Under `cargo test --all-targets` (no
//! `--bench` argument) it runs a short pass that asserts behaviour only: the checks of a
//! connect that nothing refuses allocate nothing, and a blocked user is found.

use std::hint::black_box;
use std::time::Instant;

use centri::server::access::{Access, Entry, Kind};

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

fn ns_per(iters: u64, f: impl Fn(u64)) -> f64 {
    // best of 5 rounds: the floor, not the noise
    (0..5)
        .map(|_| {
            let t = Instant::now();
            for i in 0..iters {
                f(i);
            }
            t.elapsed().as_nanos() as f64 / iters as f64
        })
        .fold(f64::INFINITY, f64::min)
}

/// What a connect checks: the user's block, then the token.
fn connect_checks(a: &Access, users: &[String], jtis: &[String], i: u64, now: i64) -> bool {
    let k = (i as usize) % users.len();
    a.blocked(&users[k], now).is_some()
        || a.token_refused(&users[k], &jtis[k], now - 10, "", now)
            .is_some()
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let iters: u64 = if bench { 2_000_000 } else { 10_000 };
    let n: usize = if bench { 10_000 } else { 500 };
    let now = 1_800_000_000;
    // the connecting users and their tokens: none of them in the tables
    let users: Vec<String> = (0..4096).map(|i| format!("user-{i}")).collect();
    let jtis: Vec<String> = (0..4096).map(|i| format!("jti-{i}")).collect();

    let off = Access::default();
    let on = Access::default();
    for i in 0..n {
        for (kind, key) in [
            (Kind::Block, format!("blocked-{i}")),
            (Kind::Revoke, format!("revoked-{i}")),
            (Kind::Invalidate, format!("invalidated-{i}")),
        ] {
            on.apply(
                &Entry {
                    kind,
                    key,
                    before: now - 100,
                    expire_at: now + 3600,
                },
                now,
            );
        }
    }
    assert_eq!(on.entries(now).len(), 3 * n);

    let off_ns = ns_per(iters, |i| {
        black_box(connect_checks(&off, &users, &jtis, i, now));
    });
    let on_ns = ns_per(iters, |i| {
        black_box(connect_checks(&on, &users, &jtis, i, now));
    });

    let profiler = dhat::Profiler::builder().testing().build();
    let before = dhat::HeapStats::get().total_blocks;
    for i in 0..1000 {
        black_box(connect_checks(&on, &users, &jtis, i, now));
    }
    let allocs = dhat::HeapStats::get().total_blocks - before;
    drop(profiler);
    assert_eq!(allocs, 0, "a connect nothing refuses allocates nothing");
    assert_eq!(on.blocked("blocked-7", now), Some(now + 3600));

    if !bench {
        println!("access: short pass ok ({iters} iterations, {n} entries per kind)");
        return;
    }
    println!("access-control checks per connect (best of 5 rounds x {iters} iterations)");
    println!("  nothing in force (baseline)              {off_ns:7.1} ns");
    println!("  {n} of each kind in force            {on_ns:7.1} ns");
    println!(
        "  ratio on ÷ off                           {:7.2}×",
        on_ns / off_ns
    );
    println!("  allocations per connect                  {allocs}");
}

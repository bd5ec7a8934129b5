//! The churn run's time series: the server's RSS and open descriptors from `/proc` next to
//! what the clients were doing, and the growth between two points of the series.

use serde::Serialize;

/// One point of the series.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Point {
    /// Seconds since the clients started.
    pub t_s: f64,
    /// The server's `VmRSS` in KiB (none without a server PID).
    pub rss_kib: Option<u64>,
    /// The server's open file descriptors.
    pub fds: Option<u64>,
    /// Client connections open (handshake done, not yet gone).
    pub open: u64,
    /// Connection attempts so far.
    pub connects: u64,
    /// Sessions ended so far.
    pub sessions: u64,
}

/// Open descriptors of process `pid` (entries of `/proc/PID/fd`).
pub fn open_fds(pid: u32) -> std::io::Result<u64> {
    Ok(std::fs::read_dir(format!("/proc/{pid}/fd"))?.count() as u64)
}

/// How much a figure grew from the first point at or after `from_s` to the last point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Growth {
    pub from_s: f64,
    pub to_s: f64,
    pub from: u64,
    pub to: u64,
    /// `(to - from) / from`, in percent (negative when it shrank).
    pub pct: f64,
}

/// The growth of `figure` over `points`, from the first point at or after `from_s`; none when
/// no two such points carry the figure.
pub fn growth(
    points: &[Point],
    from_s: f64,
    figure: impl Fn(&Point) -> Option<u64>,
) -> Option<Growth> {
    let mut after = points
        .iter()
        .filter(|p| p.t_s >= from_s)
        .filter_map(|p| figure(p).map(|v| (p.t_s, v)));
    let (t0, v0) = after.next()?;
    let (t1, v1) = after.last()?;
    if v0 == 0 {
        return None;
    }
    Some(Growth {
        from_s: t0,
        to_s: t1,
        from: v0,
        to: v1,
        pct: (v1 as f64 - v0 as f64) / v0 as f64 * 100.0,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn p(t_s: f64, rss: u64) -> Point {
        Point {
            t_s,
            rss_kib: Some(rss),
            fds: None,
            ..Point::default()
        }
    }

    #[test]
    fn growth_runs_from_the_first_point_after_warmup_to_the_last() {
        let pts = [p(0.0, 10), p(10.0, 100), p(20.0, 104), p(30.0, 103)];
        let g = growth(&pts, 10.0, |p| p.rss_kib).unwrap();
        assert_eq!((g.from_s, g.to_s, g.from, g.to), (10.0, 30.0, 100, 103));
        assert!((g.pct - 3.0).abs() < 1e-9);
        let g = growth(&pts, 5.0, |p| p.rss_kib).unwrap();
        assert_eq!(g.from, 100);
        // One point after the warm-up is no growth yet; nor is a figure never read.
        assert!(growth(&pts, 25.0, |p| p.rss_kib).is_none());
        assert!(growth(&pts, 0.0, |p| p.fds).is_none());
        let shrink = growth(&[p(0.0, 200), p(1.0, 150)], 0.0, |p| p.rss_kib).unwrap();
        assert!((shrink.pct + 25.0).abs() < 1e-9);
    }

    #[test]
    fn our_own_descriptors_can_be_counted() {
        let n = open_fds(std::process::id()).unwrap();
        assert!(n >= 3, "{n}");
        // PIDs above the kernel's pid_max never exist.
        assert!(open_fds(u32::MAX).is_err());
    }
}

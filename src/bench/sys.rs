//! What the kernel knows about a process: CPU seconds (user + system) from `/proc/PID/stat`,
//! resident memory from `/proc/PID/status`, the CPU seconds of one of our own threads (the
//! in-process baseline runs on its own thread), and the open-file limit, raised when a run
//! needs more descriptors than the soft limit allows.

use std::path::Path;

/// A snapshot of a process.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    /// User + system CPU seconds since the process started (10 ms resolution).
    pub cpu_s: f64,
    /// `VmRSS` in KiB.
    pub rss_kib: Option<u64>,
}

/// User + system clock ticks from the text of a `stat` file (fields 14 and 15; the command
/// name in field 2 may hold spaces and parentheses, so fields are counted after the last `)`).
pub fn parse_stat_ticks(stat: &str) -> Option<u64> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut f = rest.split_whitespace().skip(11);
    let utime: u64 = f.next()?.parse().ok()?;
    let stime: u64 = f.next()?.parse().ok()?;
    Some(utime + stime)
}

/// `VmRSS` in KiB from the text of a `status` file.
pub fn parse_status_rss(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn ticks_to_secs(ticks: u64) -> f64 {
    ticks as f64 / rustix::param::clock_ticks_per_second().max(1) as f64
}

fn read_cpu(path: &Path) -> std::io::Result<f64> {
    let text = std::fs::read_to_string(path)?;
    parse_stat_ticks(&text)
        .map(ticks_to_secs)
        .ok_or_else(|| std::io::Error::other(format!("cannot parse {}", path.display())))
}

/// CPU seconds and RSS of process `pid`.
pub fn process(pid: u32) -> std::io::Result<Sample> {
    let dir = Path::new("/proc").join(pid.to_string());
    let cpu_s = read_cpu(&dir.join("stat"))?;
    let rss_kib = std::fs::read_to_string(dir.join("status"))
        .ok()
        .as_deref()
        .and_then(parse_status_rss);
    Ok(Sample { cpu_s, rss_kib })
}

/// CPU seconds of this process.
pub fn own_cpu() -> f64 {
    read_cpu(Path::new("/proc/self/stat")).unwrap_or(0.0)
}

/// The calling thread's id, for [`thread_cpu`].
pub fn current_tid() -> u32 {
    rustix::thread::gettid()
        .as_raw_nonzero()
        .get()
        .unsigned_abs()
}

/// CPU seconds of thread `tid` of this process.
pub fn thread_cpu(tid: u32) -> std::io::Result<f64> {
    read_cpu(
        &Path::new("/proc/self/task")
            .join(tid.to_string())
            .join("stat"),
    )
}

/// Whether process `pid` exists.
pub fn exists(pid: u32) -> bool {
    Path::new("/proc")
        .join(pid.to_string())
        .join("stat")
        .exists()
}

/// The open-file limit after [`ensure_fds`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FdLimit {
    pub soft: u64,
    pub hard: u64,
    /// The soft limit was raised.
    pub raised: bool,
}

/// Raises the soft `RLIMIT_NOFILE` to the hard limit (capped at 1,048,576), as Go programs
/// such as Centrifugo do at start: a server holding many connections should not stop at a
/// shell's default of 1024. Returns the soft limit now in force.
pub fn raise_fds_to_hard() -> u64 {
    use rustix::process::{getrlimit, setrlimit, Resource, Rlimit};
    let lim = getrlimit(Resource::Nofile);
    let soft = lim.current.unwrap_or(u64::MAX);
    let want = lim.maximum.unwrap_or(u64::MAX).min(1 << 20);
    if soft >= want {
        return soft;
    }
    let new = Rlimit {
        current: Some(want),
        maximum: lim.maximum,
    };
    match setrlimit(Resource::Nofile, new) {
        Ok(()) => want,
        Err(_) => soft,
    }
}

/// Makes sure `needed` descriptors can be open at once: raises the soft `RLIMIT_NOFILE` up
/// to the hard limit when needed. `Err` carries the limits when even the hard one is too low.
pub fn ensure_fds(needed: u64) -> Result<FdLimit, FdLimit> {
    use rustix::process::{getrlimit, setrlimit, Resource, Rlimit};
    let lim = getrlimit(Resource::Nofile);
    let soft = lim.current.unwrap_or(u64::MAX);
    let hard = lim.maximum.unwrap_or(u64::MAX);
    if soft >= needed {
        return Ok(FdLimit {
            soft,
            hard,
            raised: false,
        });
    }
    if hard < needed {
        return Err(FdLimit {
            soft,
            hard,
            raised: false,
        });
    }
    let new = Rlimit {
        current: Some(needed),
        maximum: lim.maximum,
    };
    match setrlimit(Resource::Nofile, new) {
        Ok(()) => Ok(FdLimit {
            soft: needed,
            hard,
            raised: true,
        }),
        Err(_) => Err(FdLimit {
            soft,
            hard,
            raised: false,
        }),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn stat_and_status_parse() {
        let stat = "1234 (my (odd) name) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 1 0 100 1000 200";
        assert_eq!(parse_stat_ticks(stat), Some(300));
        assert_eq!(parse_stat_ticks("garbage"), None);
        let status = "Name:\tcentri\nVmPeak:\t  1000 kB\nVmRSS:\t   5120 kB\nThreads:\t2\n";
        assert_eq!(parse_status_rss(status), Some(5120));
        assert_eq!(parse_status_rss("Name: x\n"), None);
    }

    #[test]
    fn own_process_and_thread_are_readable() {
        let me = process(std::process::id()).unwrap();
        assert!(me.rss_kib.unwrap() > 0);
        assert!(thread_cpu(current_tid()).unwrap() >= 0.0);
        assert!(exists(std::process::id()));
        assert!(!exists(u32::MAX - 1));
    }

    #[test]
    fn fd_limit_within_soft_is_untouched() {
        let l = ensure_fds(16).unwrap();
        assert!(!l.raised && l.soft >= 16);
        // Beyond a finite hard limit: an error that names both limits, and nothing changes.
        if l.hard < u64::MAX {
            let e = ensure_fds(l.hard + 1).unwrap_err();
            assert_eq!((e.soft, e.hard), (l.soft, l.hard));
        }
    }
}
